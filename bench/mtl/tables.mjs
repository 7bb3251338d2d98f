// Markdown tables of the multi-task benchmark: one per suite, a row per configuration.
import { meanStd, runDeltaM } from './run.mjs';
import { median } from './timing.mjs';

const pct = (x) => (100 * x).toFixed(2);
const signed = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;

/** `mean ± std` of a task's metric over seeds: accuracies in %, other metrics as they are. */
function cell(spec, values) {
  const { mean, std } = meanStd(values);
  return spec.metrics[0]().name === 'accuracy' ? `${pct(mean)} ± ${pct(std)}` : `${mean.toFixed(4)} ± ${std.toFixed(4)}`;
}

/** The baselines' mean metric per task. */
export function baselineMeans(suite, results) {
  return Object.fromEntries(suite.tasks.map((t) => {
    const runs = results.find((r) => r.kind === 'baseline' && r.tasks[0] === t.name)?.runs ?? [];
    return [t.name, runs.length === 0 ? NaN : meanStd(runs.map((r) => r.metrics[t.name])).mean];
  }));
}

/**
 * One suite's table: the single-task baselines (one network per task) first, then each strategy with hard
 * sharing and with MMoE: each task's test metric (mean ± std over seeds), Δm% (mean ± std over seeds, against
 * the baselines' means), seconds per epoch, and that time relative to equal weighting on the same architecture.
 */
export function suiteTable(suite, results, timing) {
  const baselines = baselineMeans(suite, results);
  const unit = (t) => {
    const name = t.metrics[0]().name;
    return `${t.name} ${name === 'accuracy' ? 'acc. %' : name === 'r2' ? 'R²' : name} ${(t.higherIsBetter ?? true) ? '↑' : '↓'}`;
  };
  const lines = [
    `| network | strategy | ${suite.tasks.map(unit).join(' | ')} | Δm% ↑ | s/epoch | time vs equal |`,
    `|---|---|${suite.tasks.map(() => '---:').join('|')}|---:|---:|---:|`,
  ];
  const seconds = (r) => (timing?.results[r.key] === undefined ? meanStd(r.runs.map((x) => x.secondsPerEpoch)).mean : median(timing.results[r.key].cpu));
  for (const result of results) {
    const { runs } = result;
    if (result.kind === 'baseline') {
      const spec = suite.tasks.find((t) => t.name === result.tasks[0]);
      const cells = suite.tasks.map((t) => (t === spec ? cell(t, runs.map((r) => r.metrics[t.name])) : '—'));
      lines.push(`| single-task (${spec.name}) | — | ${cells.join(' | ')} | 0 | ${seconds(result).toFixed(2)} | — |`);
      continue;
    }
    const equal = results.find((r) => r.architecture === result.architecture && r.strategy === 'equal');
    const deltas = meanStd(runs.map((r) => runDeltaM(suite, r.metrics, baselines)));
    const ratio = equal === undefined ? '—' : `${(seconds(result) / seconds(equal)).toFixed(2)}×`;
    lines.push(`| ${result.architecture} | ${result.strategy}${result.representation ? ' (repr.)' : ''} | ` +
      `${suite.tasks.map((t) => cell(t, runs.map((r) => r.metrics[t.name]))).join(' | ')} | ` +
      `${signed(deltas.mean)} ± ${deltas.std.toFixed(2)} | ${seconds(result).toFixed(2)} | ${ratio} |`);
  }
  return lines.join('\n');
}

/** The whole results file: how it was made, then one section per suite. */
export function resultsMarkdown(sections, header) {
  const parts = [header];
  for (const { suite, results, meta, timing } of sections) {
    const times = timing === undefined ? 'Times: wall seconds per epoch of the accuracy runs (mean over seeds).'
      : `Times: CPU seconds per training epoch on one thread, median of ${timing.rounds} interleaved rounds (\`--timing\`).`;
    parts.push(`## ${suite.title}\n\n${suite.description}\n\n${meta} ${times}\n\n${suiteTable(suite, results, timing)}`);
  }
  return `${parts.join('\n\n')}\n`;
}
