/** The report of a transfer run: accuracy against the number of labels, one curve per method (mean ± std over seeds). */
import type { TransferRecord } from '../../report/index.js';
import type { TransferRunRow } from './run-transfer.js';

/** Mean and sample standard deviation. */
function meanStd(xs: readonly number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, std };
}

/** The curves of a run's rows. */
export function transferRecord(rows: readonly TransferRunRow[], title: string, description: string, references: TransferRecord['references'] = []): TransferRecord {
  const methods = [...new Set(rows.map((r) => r.method))];
  return {
    title, description, references,
    curves: methods.map((method) => {
      const budgets = [...new Set(rows.filter((r) => r.method === method).map((r) => r.labels))].sort((a, b) => a - b);
      return {
        method,
        points: budgets.map((labels) => {
          const accs = rows.filter((r) => r.method === method && r.labels === labels).map((r) => r.accuracy);
          return { labels, ...meanStd(accs), runs: accs.length };
        }),
      };
    }),
  };
}

/** One line per method: mean accuracy at each budget. */
export function transferTable(rows: readonly TransferRunRow[]): string {
  const budgets = [...new Set(rows.map((r) => r.perClass))].sort((a, b) => a - b);
  const methods = [...new Set(rows.map((r) => r.method))];
  const header = `${'method'.padEnd(9)}${budgets.map((b) => `${b}/class`.padStart(16)).join('')}`;
  const lines = methods.map((m) => `${m.padEnd(9)}${budgets.map((b) => {
    const { mean, std } = meanStd(rows.filter((r) => r.method === m && r.perClass === b).map((r) => r.accuracy));
    return `${(100 * mean).toFixed(1)}% ± ${(100 * std).toFixed(1)}`.padStart(16);
  }).join('')}`);
  return [header, ...lines].join('\n');
}
