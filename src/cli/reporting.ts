/** Writing a run's report: `report.html`, `plots/*.svg` and `record.json` in the run folder. */
import { writeReport, type RunRecord } from '../report/index.js';
import type { RunDir } from './run-dir.js';

/** Write the report of `record` into the run folder; returns the report's path. */
export async function writeRunReport(run: RunDir, record: RunRecord): Promise<string> {
  const fs = await import('node:fs/promises');
  await fs.writeFile(`${run.dir}/record.json`, `${JSON.stringify(record)}\n`);
  const written = await writeReport(run.dir, record);
  return written.html;
}
