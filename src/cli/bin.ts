#!/usr/bin/env node
/** The `tasknet` executable: runs the command line with the process's streams and exits with its code. */
import { runCli } from './main.js';

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
