/** Every subcommand, in the order `tasknet --help` lists them. */
import type { Command } from '../command.js';
import { trainCommand } from './train.js';
import { mtlCommand } from './mtl.js';
import { transferCommand } from './transfer.js';
import { benchCommand } from './bench.js';
import { evalCommand } from './eval.js';
import { predictCommand } from './predict.js';
import { inspectCommand } from './inspect.js';
import { demoCommand } from './demo.js';

/** The subcommands. */
export const COMMANDS: readonly Command[] = [trainCommand, evalCommand, predictCommand, transferCommand, mtlCommand, inspectCommand, benchCommand, demoCommand];
