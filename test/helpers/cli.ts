/** Running the `tasknet` command line in-process with captured output, in a temporary working directory. */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from 'tasknet/cli';

/** What a run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout's JSON lines (with --json). */
  readonly events: Record<string, unknown>[];
}

/** Run `tasknet ...argv` in `cwd`. */
export async function tasknet(argv: readonly string[], cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: (s: string) => { stdout += s; } }, stderr: { write: (s: string) => { stderr += s; } }, cwd });
  const events = argv.includes('--json') ? stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>) : [];
  return { code, stdout, stderr, events };
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'tasknet-cli-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Write `text` to `dir/name` and return the name. */
export function writeFile(dir: string, name: string, text: string): string {
  writeFileSync(path.join(dir, name), text);
  return name;
}

/** The run folders under `dir/runs`, oldest first. */
export function runFolders(dir: string): string[] {
  return readdirSync(path.join(dir, 'runs')).sort().map((d) => path.join(dir, 'runs', d));
}

/** The result event of a --json run. */
export function resultOf(run: CliRun): Record<string, unknown> {
  const result = run.events.find((e) => e.event === 'result');
  if (result === undefined) throw new Error(`no result event; stderr: ${run.stderr}`);
  return result;
}
