// npm run bench:mtl — the multi-task benchmark tables: for each suite (MultiMNIST, MultiFashion, Fashion-MNIST with
// three tasks and missing labels, sentiment with per-task inputs, penguins), single-task baselines, then every
// weighting strategy with hard sharing and with MMoE, over several seeds: each task's test metric (mean ± std),
// Δm%, and training time per epoch relative to equal weighting. Results go to <out>/mtl-<suite>.json (after every
// configuration, so an interrupted run keeps what it finished; --resume skips those) and <out>/mtl.md.
//   node bench/mtl.mjs [--suites multimnist,multifashion,fashion3,sentiment,penguins] [--seeds 3]
//                      [--strategies equal,uncertainty,...] [--archs hard,mmoe] [--out bench/results] [--resume]
//                      [--quick]   tiny data, 1 epoch, 1 seed: checks the benchmark runs
//                      [--report]  only rewrite mtl.md from the JSON files
//                      [--timing [--rounds 3]]  time one epoch of each configuration on one thread instead (CPU
//                                  seconds, interleaved rounds, median) into <out>/mtl-<suite>-timing.json; the
//                                  tables take their time columns from there when it exists
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import * as tn from 'tasknet';
import { SUITES } from './mtl/suites.mjs';
import { onlyTask, trainOnce } from './mtl/run.mjs';
import { timeConfigurations } from './mtl/timing.mjs';
import { resultsMarkdown } from './mtl/tables.mjs';

const STRATEGIES = ['equal', 'uncertainty', 'dwa', 'rlw', 'gradnorm', 'pcgrad', 'cagrad', 'mgda'];
const GRADIENT_METHODS = new Set(['pcgrad', 'cagrad', 'mgda']);
const ARCHITECTURES = { hard: 'hard sharing', mmoe: 'MMoE' };

function parseArgs(argv) {
  const args = { suites: Object.keys(SUITES).join(','), seeds: undefined, strategies: STRATEGIES.join(','), archs: 'hard,mmoe', out: 'bench/results', resume: false, quick: false, report: false, timing: false, rounds: '3' };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in args)) throw new Error(`unknown option ${argv[i]} (expected ${Object.keys(args).map((k) => `--${k}`).join(', ')})`);
    if (typeof args[key] === 'boolean') args[key] = true;
    else if (argv[i + 1] === undefined) throw new Error(`option ${argv[i]} needs a value`);
    else args[key] = argv[++i];
  }
  const list = (value, known, what) => value.split(',').map((s) => {
    if (!known.includes(s)) throw new Error(`unknown ${what} '${s}' (expected one of ${known.join(', ')})`);
    return s;
  });
  return {
    ...args,
    suites: list(args.suites, Object.keys(SUITES), 'suite'),
    strategies: list(args.strategies, STRATEGIES, 'strategy'),
    archs: list(args.archs, Object.keys(ARCHITECTURES), 'architecture'),
    seeds: Number(args.seeds ?? (args.quick ? 1 : 3)),
    rounds: Number(args.rounds),
  };
}

/** Every configuration of a suite: a baseline per task, then each architecture × strategy. */
function configurations(suite, args) {
  const tasks = suite.tasks.map((t) => t.name);
  const baselines = tasks.map((task) => ({ kind: 'baseline', key: `baseline/${task}`, tasks: [task], build: suite.hardSharing }));
  const multi = args.archs.flatMap((arch) => args.strategies.map((strategy) => ({
    kind: 'mtl', key: `${arch}/${strategy}`, architecture: ARCHITECTURES[arch], strategy, tasks,
    build: arch === 'hard' ? suite.hardSharing : suite.mmoe,
    representation: arch === 'hard' && suite.representation && GRADIENT_METHODS.has(strategy),
  })));
  return [...baselines, ...multi];
}

function meta(suite, seeds) {
  return `${seeds} seed(s) (${Array.from({ length: seeds }, (_, i) => i).join(', ')}: initialisation, shuffling and the ` +
    `strategy's draws; the data split is fixed), ${suite.epochs} epochs, Adam lr ${suite.lr}, batch ${suite.batchSize}.`;
}

/** The data a configuration trains and tests on: a baseline sees only its task. */
function setsFor(sets, config) {
  return config.kind === 'baseline' ? { train: onlyTask(sets.train, config.tasks[0]), test: onlyTask(sets.test, config.tasks[0]) } : sets;
}

async function timeSuite(id, args) {
  const suite = SUITES[id](args.quick);
  const sets = await suite.load();
  const results = await timeConfigurations(suite, configurations(suite, args), (config) => setsFor(sets, config), args.rounds);
  const file = join(args.out, `mtl-${id}-timing.json`);
  writeFileSync(file, `${JSON.stringify({ suite: id, rounds: args.rounds, threads: 1, results }, null, 1)}\n`);
}

async function runSuite(id, args) {
  const suite = SUITES[id](args.quick);
  const file = join(args.out, `mtl-${id}.json`);
  const previous = args.resume && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).results : [];
  const sets = await suite.load();
  const results = [];
  for (const config of configurations(suite, args)) {
    const done = previous.find((r) => r.key === config.key && r.runs.length === args.seeds);
    if (done !== undefined) {
      results.push(done);
      continue;
    }
    const runs = [];
    for (let seed = 0; seed < args.seeds; seed++) {
      const run = await trainOnce(suite, config, seed, setsFor(sets, config));
      runs.push({ seed, ...run });
      const shown = Object.entries(run.metrics).map(([t, v]) => `${t} ${v.toFixed(4)}`).join(', ');
      console.log(`${id} ${config.key}${config.representation ? ' (repr.)' : ''} seed ${seed}: ${shown}, ${run.secondsPerEpoch.toFixed(2)} s/epoch`);
    }
    const { build: _build, ...saved } = config;
    results.push({ ...saved, runs });
    writeFileSync(file, `${JSON.stringify({ suite: id, quick: args.quick, meta: meta(suite, args.seeds), results }, null, 1)}\n`);
  }
}

function writeReport(args) {
  const sections = [];
  for (const id of Object.keys(SUITES)) {
    const file = join(args.out, `mtl-${id}.json`);
    if (!existsSync(file)) continue;
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    const timingFile = join(args.out, `mtl-${id}-timing.json`);
    const timing = existsSync(timingFile) ? JSON.parse(readFileSync(timingFile, 'utf8')) : undefined;
    sections.push({ suite: SUITES[id](saved.quick), results: saved.results, meta: saved.meta, timing });
  }
  const header = '# Multi-task benchmark (`npm run bench:mtl`)\n\n' +
    `Written ${new Date().toISOString().slice(0, 10)} on ${cpus()[0]?.model ?? 'an unknown CPU'} (${cpus().length} logical cores), ` +
    `Node ${process.versions.node}, tasknet backend ${tn.getBackend()} with ${tn.getNumThreads?.() ?? 1} thread(s).\n\n` +
    'Each cell is the test-set metric, mean ± sample standard deviation over seeds. Δm% (Maninis et al. 2019) is the mean ' +
    'over tasks of the relative change against the single-task baseline (the mean of its seeds), with the sign flipped ' +
    'for lower-is-better metrics, so positive means better than one network per task. "time vs equal" divides the ' +
    'seconds per training epoch by those of equal weighting on the same network; where a table says so, the times are ' +
    'CPU seconds of one training epoch on one thread (`--timing`: the median of interleaved rounds, so that other ' +
    'processes on a shared machine barely change them), otherwise wall seconds of the accuracy runs. ' +
    '"(repr.)": the gradient method works ' +
    'on the shared representation (one backward through the trunk) rather than on the shared parameters.';
  writeFileSync(join(args.out, 'mtl.md'), resultsMarkdown(sections, header));
  console.log(`wrote ${join(args.out, 'mtl.md')} (${sections.length} table(s))`);
}

const args = parseArgs(process.argv.slice(2));
mkdirSync(args.out, { recursive: true });
if (!args.report) for (const id of args.suites) await (args.timing ? timeSuite(id, args) : runSuite(id, args));
writeReport(args);
