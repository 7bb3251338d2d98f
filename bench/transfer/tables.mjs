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

/** One scenario's table, the best mean of each budget in bold, and the margin of the best transfer method over `baseline`. */
export function scenarioTable(result, baseline = 'scratch') {
  const { budgets, methods, cells } = summarise(result.runs);
  const lines = [`| method | ${budgets.join(' | ')} |`, `|---|${budgets.map(() => '---:').join('|')}|`];
  const best = new Map(budgets.map((b) => [b, Math.max(...methods.map((m) => cells.get(`${b}|${m}`)?.mean ?? -1))]));
  for (const m of methods) {
    const row = budgets.map((b) => {
      const c = cells.get(`${b}|${m}`);
      if (c === undefined) return '';
      const text = `${pct(c.mean)} ± ${pct(c.std)}`;
      return c.mean === best.get(b) ? `**${text}**` : text;
    });
    lines.push(`| ${m} | ${row.join(' | ')} |`);
  }
  const margins = budgets.flatMap((b) => {
    const base = cells.get(`${b}|${baseline}`);
    const others = methods.filter((m) => m !== baseline && cells.has(`${b}|${m}`)).map((m) => [m, cells.get(`${b}|${m}`)]);
    if (base === undefined || others.length === 0) return [];
    const [m, c] = others.reduce((a, o) => (o[1].mean > a[1].mean ? o : a));
    return [`${b}: ${m} ${(100 * (c.mean - base.mean)) >= 0 ? '+' : ''}${(100 * (c.mean - base.mean)).toFixed(1)} points over ${baseline}`];
  });
  if (margins.length > 0) lines.push('', `Best transfer method vs ${baseline}: ${margins.join('; ')}.`);
  return lines.join('\n');
}
