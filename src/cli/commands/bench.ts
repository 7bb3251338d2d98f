/** `tasknet bench`: a quick built-in benchmark of this machine: matmul GFLOP/s, training and inference samples/s. */
import type { Command, CliContext } from '../command.js';
import type { ParsedArgs } from '../args.js';
import { getBackend } from '../../tensor/index.js';
import { benchOptions } from '../bench/options.js';
import { benchCount, runBench } from '../bench/suite.js';
import { formatBenchTable } from '../bench/table.js';

async function run(args: ParsedArgs, ctx: CliContext): Promise<void> {
  const options = benchOptions(args, getBackend());
  ctx.out.info(`benchmarking ${options.backends.join(' and ')}${options.quick ? ' (quick)' : ''}…`);
  const progress = ctx.out.progress('bench', benchCount(options.quick) * options.backends.length);
  const result = await runBench(options, {
    progress,
    onMeasurement: (backend, bench, m) => ctx.out.event('measurement', {
      backend, name: bench.name, size: bench.size, unit: bench.unit, seconds: m.seconds, throughput: bench.work / m.seconds,
      min: m.min, max: m.max, repeat: m.repeat, calls: m.calls,
    }),
  });
  ctx.out.result(formatBenchTable(result), { ...result });
}

/** `tasknet bench`. */
export const benchCommand: Command = {
  name: 'bench',
  summary: 'measure this machine: matmul GFLOP/s, MLP and CNN training and inference samples/s',
  usage: 'tasknet bench [--backend wasm|cpu|all] [--threads N] [--quick] [--repeat N]',
  description:
    'A quick built-in benchmark (under about 30 s on the default backend): float32 matmul GFLOP/s at 256, 512 and 1024 ' +
    '(not 1024 with --quick); training samples/s (forward, cross-entropy, backward, Adam step) of the MLP 784-256-128-10 ' +
    'at batch 128 and of the small CNN at batch 64, on random data of MNIST\'s shape; and inference samples/s of the ' +
    'same models at the same batch sizes. Each figure is the median of several timed repetitions after warm-up ' +
    '(5 by default, 3 with --quick, or --repeat N), each repetition long enough to rise above timer noise. It runs on ' +
    'the current backend (wasm unless TASKNET_BACKEND says otherwise); --backend all runs wasm and then cpu and adds ' +
    'the wasm/cpu throughput ratio to each row. --json prints a measurement event per benchmark and the table as the ' +
    'result event.',
  examples: [
    'tasknet bench                          # the current backend (wasm), about 5 to 30 s',
    'tasknet bench --backend all            # wasm and cpu side by side, with the wasm/cpu ratio',
    'tasknet bench --threads 1              # single-threaded wasm kernels',
    'tasknet bench --quick --json           # a few seconds; JSON lines for scripts',
  ],
  flags: [
    { name: 'backend', type: 'string', value: 'NAME', description: 'wasm, cpu or all (default: the current backend)' },
    { name: 'threads', type: 'string', value: 'N', description: 'threads for the kernels, 1 to 16 (default: the backend\'s own)' },
    { name: 'quick', type: 'boolean', description: 'smaller sizes (no 1024 matmul) and fewer repetitions' },
    { name: 'repeat', type: 'string', value: 'N', description: 'timed repetitions per benchmark (default 5, 3 with --quick)' },
  ],
  run,
};
