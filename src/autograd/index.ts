/** autograd: the recorded graph's traversal and one gradient rule per primitive kernel. */
export * from './primitives.js';
export * from './rule.js';
export * from './backpropagate.js';
export { gradRules, reshapeGrad } from './rules/index.js';
