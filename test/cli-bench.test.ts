/**
 * `tasknet bench`, run in-process through its Command with a captured JSON-lines Output: `--quick` on the current
 * backend and with `--backend all` (wasm and cpu, with ratios): every row present, with positive finite times and
 * throughputs, the backend and thread count restored and no tensor left behind; the table in quiet mode; and usage
 * errors (exit code 2) for bad flag values. The CLI is not a package export, so its compiled modules load from dist/.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tn from 'tasknet';
import { repoRoot } from './helpers/repo.js';

/** The parts of src/cli this test uses, typed by hand (the tests compile without src/). */
interface ParsedArgs { readonly positionals: readonly string[]; readonly flags: Readonly<Record<string, string | boolean>>; readonly overrides: readonly (readonly [string, unknown])[] }
interface TextStream { write(text: string): unknown }
interface OutputLike { readonly mode: string }
interface CommandLike {
  readonly name: string;
  readonly flags: readonly { readonly name: string }[];
  run(args: ParsedArgs, ctx: { cwd: string; env: Record<string, string | undefined>; out: OutputLike }): Promise<void>;
}
interface BenchRow {
  name: string;
  size: string;
  unit: string;
  seconds: Record<string, number>;
  throughput: Record<string, number>;
  ratio?: number;
}
interface BenchResult { event: string; backends: string[]; threads: Record<string, number>; quick: boolean; repeat: number; rows: BenchRow[] }

async function load<T>(rel: string): Promise<T> {
  return (await import(pathToFileURL(path.join(repoRoot(), 'dist', 'cli', rel)).href)) as T;
}
const { benchCommand } = await load<{ benchCommand: CommandLike }>('commands/bench.js');
const { Output } = await load<{ Output: new (mode: string, stdout: TextStream, stderr: TextStream) => OutputLike }>('output.js');
const { parseArgs } = await load<{ parseArgs(argv: readonly string[], specs: CommandLike['flags']): ParsedArgs }>('args.js');
const { CliError, EXIT } = await load<{ CliError: new (...a: never[]) => Error & { exitCode: number }; EXIT: { usage: number } }>('errors.js');

const originalBackend = tn.getBackend();
after(async () => { await tn.setBackend(originalBackend); });

/** Run `tasknet bench argv` in `mode`; what it wrote to stdout and stderr. */
async function bench(argv: readonly string[], mode = 'json'): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = new Output(mode, { write: (s) => { stdout += s; } }, { write: (s) => { stderr += s; } });
  await benchCommand.run(parseArgs(argv, benchCommand.flags), { cwd: process.cwd(), env: {}, out });
  return { stdout, stderr };
}

/** The `result` event of a JSON-mode run. */
function resultOf(stdout: string): BenchResult {
  const events = stdout.trim().split('\n').map((line) => JSON.parse(line) as { event: string });
  const results = events.filter((e) => e.event === 'result');
  assert.equal(results.length, 1, `one result event, found ${results.length} in ${stdout}`);
  assert.ok(events.some((e) => e.event === 'measurement'), 'measurement events');
  return results[0] as BenchResult;
}

const QUICK_ROWS = ['matmul', 'matmul', 'MLP train', 'SmallCNN train', 'MLP inference', 'SmallCNN inference'];

function assertRows(result: BenchResult, backends: readonly string[]): void {
  assert.deepEqual(result.backends, backends);
  assert.deepEqual(result.rows.map((r) => r.name), QUICK_ROWS);
  assert.deepEqual(result.rows.slice(0, 2).map((r) => r.size), ['256×256', '512×512']);
  assert.deepEqual(result.rows.map((r) => r.unit), ['GFLOP/s', 'GFLOP/s', 'samples/s', 'samples/s', 'samples/s', 'samples/s']);
  for (const row of result.rows) {
    for (const backend of backends) {
      const [seconds, throughput] = [row.seconds[backend], row.throughput[backend]];
      assert.ok(typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0, `${row.name} ${row.size} on ${backend}: seconds ${seconds}`);
      assert.ok(typeof throughput === 'number' && Number.isFinite(throughput) && throughput > 0, `${row.name} ${row.size} on ${backend}: throughput ${throughput}`);
    }
  }
}

test('tasknet bench --quick measures every row on the current backend and leaves nothing behind', async () => {
  const live = tn.numTensors();
  const backend = tn.getBackend();
  const result = resultOf((await bench(['--quick'])).stdout);
  assertRows(result, [backend]);
  assert.equal(result.quick, true);
  assert.equal(result.repeat, 3);
  assert.ok(result.rows.every((r) => r.ratio === undefined), 'no ratio with one backend');
  assert.equal(tn.getBackend(), backend);
  assert.equal(tn.numTensors(), live, 'live tensors after the run');
});

test('tasknet bench --backend all runs wasm and cpu, gives wasm/cpu ratios and restores backend and threads', async () => {
  await tn.setBackend('wasm');
  const threads = tn.getNumThreads();
  const live = tn.numTensors();
  const result = resultOf((await bench(['--backend', 'all', '--quick', '--repeat', '1', '--threads', '1'])).stdout);
  assertRows(result, ['wasm', 'cpu']);
  assert.equal(result.repeat, 1);
  assert.deepEqual(result.threads, { wasm: 1, cpu: 1 });
  for (const row of result.rows) {
    assert.ok(row.ratio !== undefined && Math.abs(row.ratio - row.throughput.wasm! / row.throughput.cpu!) <= 1e-9 * row.ratio, `${row.name}: ratio ${row.ratio}`);
  }
  assert.equal(tn.getBackend(), 'wasm');
  assert.equal(tn.getNumThreads(), threads, 'wasm thread count restored');
  assert.equal(tn.numTensors(), live, 'live tensors after the run');
});

test('tasknet bench --quiet still prints the table, and nothing else', async () => {
  const { stdout, stderr } = await bench(['--quick', '--repeat', '1', '--backend', 'wasm'], 'quiet');
  assert.equal(stderr, '');
  const lines = stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^tasknet bench on wasm \(\d+ threads?\): median of 1 repetition after warm-up/);
  assert.match(lines[2]!, /^benchmark +size +median +throughput$/);
  assert.equal(lines.length, 4 + QUICK_ROWS.length);
  assert.match(lines[4]!, /^matmul +256×256 +[\d.]+ (µs|ms|s) +[\d.,]+ GFLOP\/s$/);
  assert.match(lines.at(-1)!, /^SmallCNN inference +batch 64, 1×28×28 +[\d.]+ (µs|ms|s) +[\d.,]+ samples\/s$/);
});

test('tasknet bench rejects bad flag values with a usage error (exit code 2) before measuring', async () => {
  const backend = tn.getBackend();
  const cases: [string[], RegExp][] = [
    [['--backend', 'gpu'], /^--backend: expected wasm, cpu or all, found 'gpu'$/],
    [['--threads', '0'], /^--threads: expected an integer from 1 to 16, found '0'$/],
    [['--threads', '2.5'], /^--threads: expected an integer from 1 to 16, found '2.5'$/],
    [['--repeat', 'x'], /^--repeat: expected an integer from 1 to 100, found 'x'$/],
    [['extra'], /^tasknet bench takes no arguments, found 'extra'/],
  ];
  for (const [argv, message] of cases) {
    await assert.rejects(bench(argv), (error: unknown) => {
      assert.ok(error instanceof CliError, `${argv.join(' ')}: a CliError, found ${String(error)}`);
      assert.equal(error.exitCode, EXIT.usage);
      assert.match(error.message, message);
      return true;
    });
  }
  assert.equal(tn.getBackend(), backend);
});
