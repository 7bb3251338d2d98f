// `npm run bench:transfer`: the transfer-learning scenarios of issue 6, each method × label budget × seed, written to
// bench/results/transfer-<scenario>.json (one record per run, so --resume can continue) and bench/results/transfer.md.
//
//   node bench/transfer.mjs [--scenario mnist-fashion,mnist-digits,fashion-split,text,mobilenet] [--seeds 0,1,2]
//                           [--budgets 5/class,1%] [--resume] [--quick] [--out bench/results]
//
// --quick runs one seed, the smallest budget and two epochs on small source models, to check that everything runs.
// Accuracies are on held-out test data; seeds draw the labelled subset, the new layers' initialisation and the order.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tn from 'tasknet';
import { runImageScenario } from './transfer/image-scenarios.mjs';
import { runTextScenario } from './transfer/text-scenario.mjs';
import { runMobileNetScenario } from './transfer/mobilenet-scenario.mjs';
import { scenarioTable } from './transfer/tables.mjs';
import { DESCRIPTIONS } from './transfer/descriptions.mjs';

const SCENARIOS = ['mnist-fashion', 'mnist-digits', 'fashion-split', 'text', 'mobilenet'];
/** The method each scenario's transfer methods are compared with. */
const BASELINE = { text: 'random' };
const USAGE = `usage: node bench/transfer.mjs [--scenario ${SCENARIOS.join(',')}] [--seeds 0,1,2] [--budgets LABEL,…] [--resume] [--quick] [--out DIR]`;

function parseArgs(argv) {
  const options = { scenarios: SCENARIOS, seeds: [0, 1, 2], budgets: undefined, resume: false, quick: false, out: join('bench', 'results') };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--resume') options.resume = true;
    else if (flag === '--quick') options.quick = true;
    else if (['--scenario', '--seeds', '--budgets', '--out'].includes(flag)) {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${flag} needs a value; ${USAGE}`);
      if (flag === '--scenario') options.scenarios = value.split(',');
      if (flag === '--seeds') options.seeds = value.split(',').map(Number);
      if (flag === '--budgets') options.budgets = value.split(',');
      if (flag === '--out') options.out = value;
    } else throw new Error(`unknown argument ${flag}; ${USAGE}`);
  }
  const unknown = options.scenarios.filter((s) => !SCENARIOS.includes(s));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}; expected some of ${SCENARIOS.join(', ')}`);
  if (options.quick) options.seeds = options.seeds.slice(0, 1);
  return options;
}

async function readRuns(file) {
  try {
    return JSON.parse(await readFile(file, 'utf8')).runs;
  } catch (e) {
    if (e.code === 'ENOENT') return [];
    throw new Error(`cannot resume from ${file}: ${e.message}`);
  }
}

const options = parseArgs(process.argv.slice(2));
await mkdir(options.out, { recursive: true });
const log = (line) => console.log(line);
const runners = { 'mnist-fashion': runImageScenario, 'mnist-digits': runImageScenario, 'fashion-split': runImageScenario, text: runTextScenario, mobilenet: runMobileNetScenario };
const meta = { node: process.version, backend: tn.getBackend(), threads: tn.getNumThreads(), quick: options.quick };
const sections = [];
for (const scenario of options.scenarios) {
  const file = join(options.out, `transfer-${scenario}${options.quick ? '-quick' : ''}.json`);
  const runs = options.resume ? await readRuns(file) : [];
  const done = new Set(runs.map((r) => `${r.budget}|${r.method}|${r.seed}`));
  // write then rename, so that another run reading the file (for the tables) never sees half of it
  const save = async () => {
    await writeFile(`${file}.tmp`, `${JSON.stringify({ scenario, description: DESCRIPTIONS[scenario], ...meta, runs }, null, 1)}\n`);
    await rename(`${file}.tmp`, file);
  };
  let pending = Promise.resolve();
  const record = (row) => { runs.push(row); pending = pending.then(save); };
  log(`${scenario}: ${DESCRIPTIONS[scenario]}`);
  const t0 = performance.now();
  await runners[scenario](scenario, { seeds: options.seeds, budgets: options.budgets, quick: options.quick, done, record, log });
  await pending;
  await save();
  log(`${scenario}: ${runs.length} runs, ${((performance.now() - t0) / 1000).toFixed(0)} s this time; results in ${file}`);
  sections.push(`## ${scenario}\n\n${DESCRIPTIONS[scenario]}\n\n${scenarioTable({ runs }, BASELINE[scenario])}`);
}
if (!options.quick) {
  const all = [];
  for (const scenario of SCENARIOS) {
    const runs = await readRuns(join(options.out, `transfer-${scenario}.json`));
    if (runs.length > 0) all.push(`## ${scenario}\n\n${DESCRIPTIONS[scenario]}\n\n${scenarioTable({ runs }, BASELINE[scenario])}`);
  }
  const md = join(options.out, 'transfer.md');
  await writeFile(md, `# Transfer-learning scenarios (npm run bench:transfer)\n\nTest accuracy in %; ` +
    `Node ${process.version}, ${meta.backend} backend. Regenerate with \`npm run bench:transfer\` (add \`--resume\` to continue).\n\n${all.join('\n\n')}\n`);
  log(`tables in ${md}`);
} else {
  log(sections.join('\n\n'));
}
