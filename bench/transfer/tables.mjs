// Markdown tables of `npm run bench:transfer` results: one per scenario, methods × label budgets, mean ± std (%).
import { meanStd } from './common.mjs';

const pct = (v) => (100 * v).toFixed(1);

/** Mean ± std per (budget, method) of `runs`, budgets and methods in first-seen order. */
export function summarise(runs) {
  const budgets = [...new Set(runs.map((r) => r.budget))];
  const methods = [...new Set(runs.map((r) => r.method))];
  const cells = new Map();
  for (const b of budgets) {
    for (const m of methods) {
      const accs = runs.filter((r) => r.budget === b && r.method === m).map((r) => r.accuracy);
      if (accs.length > 0) cells.set(`${b}|${m}`, { ...meanStd(accs), n: accs.length });
    }
  }
  return { budgets, methods, cells };
}

/** The most common number of seeds per cell: cells with another count say theirs. */
function usualCount(cells) {
  const counts = new Map();
  for (const c of cells.values()) counts.set(c.n, (counts.get(c.n) ?? 0) + 1);
  return [...counts].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

/** Per-seed differences `method − baseline` at `budget`, over the seeds both have (the same labelled rows). */
export function pairedDifferences(runs, budget, method, baseline) {
  const base = new Map(runs.filter((r) => r.budget === budget && r.method === baseline).map((r) => [r.seed, r.accuracy]));
  return runs.filter((r) => r.budget === budget && r.method === method && base.has(r.seed)).map((r) => r.accuracy - base.get(r.seed));
}

const signed = (points) => `${points >= 0 ? '+' : ''}${points.toFixed(1)}`;

/**
 * One scenario's table, the best mean of each budget in bold, and the margin of the best transfer method over
 * `baseline`: the difference of the means and, where both ran on the same seeds (same labelled rows), the mean ± std
 * of the per-seed differences, which leaves out the spread the seeds' labelled subsets put on both.
 */
export function scenarioTable(result, baseline = 'scratch') {
  const { budgets, methods, cells } = summarise(result.runs);
  const usual = cells.size > 0 ? usualCount(cells) : 0;
  const lines = [`| method | ${budgets.join(' | ')} |`, `|---|${budgets.map(() => '---:').join('|')}|`];
  const best = new Map(budgets.map((b) => [b, Math.max(...methods.map((m) => cells.get(`${b}|${m}`)?.mean ?? -1))]));
  for (const m of methods) {
    const row = budgets.map((b) => {
      const c = cells.get(`${b}|${m}`);
      if (c === undefined) return '';
      const text = `${pct(c.mean)} ± ${pct(c.std)}`;
      const bold = c.mean === best.get(b) ? `**${text}**` : text;
      return c.n === usual ? bold : `${bold} (${c.n} seeds)`;
    });
    lines.push(`| ${m} | ${row.join(' | ')} |`);
  }
  const margins = budgets.flatMap((b) => {
    const base = cells.get(`${b}|${baseline}`);
    const others = methods.filter((m) => m !== baseline && cells.has(`${b}|${m}`)).map((m) => [m, cells.get(`${b}|${m}`)]);
    if (base === undefined || others.length === 0) return [];
    const [m, c] = others.reduce((a, o) => (o[1].mean > a[1].mean ? o : a));
    const diffs = pairedDifferences(result.runs, b, m, baseline);
    const paired = diffs.length > 1 ? ` (per seed ${signed(100 * meanStd(diffs).mean)} ± ${pct(meanStd(diffs).std)}, ${diffs.length} seeds)` : '';
    return [`${b}: ${m} ${signed(100 * (c.mean - base.mean))} points over ${baseline}${paired}`];
  });
  if (margins.length > 0) lines.push('', `Best transfer method vs ${baseline}: ${margins.join('; ')}.`);
  lines.push('', `Mean ± sample std over ${usual} seeds unless a cell says otherwise.`);
  return lines.join('\n');
}
