/**
 * transfer: transfer learning — freezing by name (with frozen BatchNorm statistics).
 * @example
 * import * as tn from 'tasknet';
 * tn.transfer.freeze(model);                 // the whole model …
 * tn.transfer.unfreeze(model, 'fc.**');      // … but its head
 */

// ── selecting by name ──
export { compileNameGlob, matchesName, coversName, type NameGlob } from './name-glob.js';
export { selectByName, type NamePatterns, type NameSelection } from './select-by-name.js';

// ── freezing ──
export { freeze, unfreeze, type FreezeOptions } from './freeze.js';
