/**
 * A run's folder, `runs/<name>-<timestamp>/`: the resolved config (`config.json`), metrics as JSON lines
 * (`metrics.jsonl`: one object per step, epoch and evaluation), checkpoints (`checkpoints/best`, `checkpoints/last`),
 * `report.html` with its plots, and `record.json` (what the report was drawn from).
 */
import type { Callback, Logs, TrainContext } from '../train/index.js';
import { jsonLine } from './json-line.js';

async function fsp(): Promise<typeof import('node:fs/promises')> {
  return import('node:fs/promises');
}

/** `YYYYMMDD-HHMMSS` in local time. */
export function timestamp(date: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

/** Files of a run folder. */
export class RunDir {
  /** @param dir - the folder (absolute) */
  constructor(readonly dir: string) {}

  /** The resolved config file. */
  get configFile(): string { return `${this.dir}/config.json`; }
  /** The metrics, one JSON object per line. */
  get metricsFile(): string { return `${this.dir}/metrics.jsonl`; }
  /** The checkpoints folder. */
  get checkpoints(): string { return `${this.dir}/checkpoints`; }
  /** Base path of the best checkpoint. */
  get best(): string { return `${this.checkpoints}/best`; }
  /** Base path of the last checkpoint. */
  get last(): string { return `${this.checkpoints}/last`; }

  /**
   * Create `<parent>/<name>-<timestamp>` (with `-2`, `-3` … when two runs start in the same second).
   * @param parent - the runs folder (created if needed)
   * @param name - the run name
   * @param now - the start time
   */
  static async create(parent: string, name: string, now = new Date()): Promise<RunDir> {
    const fs = await fsp();
    await fs.mkdir(parent, { recursive: true });
    const base = `${parent}/${name}-${timestamp(now)}`;
    for (let k = 1; ; k++) {
      const dir = k === 1 ? base : `${base}-${k}`;
      try {
        await fs.mkdir(dir);
        return new RunDir(dir);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
  }

  /** Write the resolved config (pretty JSON). */
  async writeConfig(config: unknown): Promise<void> {
    const fs = await fsp();
    await fs.writeFile(this.configFile, `${JSON.stringify(config, null, 2)}\n`);
  }

  /** Read the resolved config back (for `--resume`). */
  async readConfig(): Promise<unknown> {
    const fs = await fsp();
    return JSON.parse(await fs.readFile(this.configFile, 'utf8'));
  }

  /** Append records to `metrics.jsonl`. */
  async appendMetrics(records: readonly Readonly<Record<string, unknown>>[]): Promise<void> {
    if (records.length === 0) return;
    const fs = await fsp();
    await fs.appendFile(this.metricsFile, records.map(jsonLine).join(''));
  }

  /** The records of `metrics.jsonl` (empty when there is none). */
  async readMetrics(): Promise<Record<string, unknown>[]> {
    const fs = await fsp();
    let text: string;
    try {
      text = await fs.readFile(this.metricsFile, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  /**
   * Keep only the records of `phase` up to `epoch` (1-based, inclusive), and every other phase's, before a resumed
   * phase appends again (records without a phase belong to the run's main phase, `undefined`).
   */
  async truncateMetrics(epoch: number, phase?: string): Promise<void> {
    const kept = (await this.readMetrics()).filter((r) => r.phase !== phase || typeof r.epoch !== 'number' || r.epoch <= epoch);
    const fs = await fsp();
    await fs.writeFile(this.metricsFile, '');
    await this.appendMetrics(kept);
  }
}

/**
 * A `fit` callback writing `metrics.jsonl`: `{type: 'step', step, epoch, loss, lr, …}` after every batch (the batch's
 * own loss, and for multi-task runs each task's loss and weight) and `{type: 'epoch', epoch, …logs}` after every epoch.
 * Steps are buffered and written with the epoch.
 */
export class MetricsLogger implements Callback {
  private pending: Record<string, unknown>[] = [];

  /** @param run - the run folder @param prefix - extra fields of every record (e.g. `{phase: 'source'}`) */
  constructor(private readonly run: RunDir, private readonly prefix: Readonly<Record<string, unknown>> = {}) {}

  onBatchEnd(step: number, logs: Logs, ctx: TrainContext): void {
    const { loss: _running, batch_loss: batchLoss, ...rest } = logs;
    const lr = ctx.optimizer.paramGroups?.[0]?.lr;
    const taskLosses = Object.fromEntries(Object.entries(rest).filter(([k]) => k.startsWith('batch_loss_')).map(([k, v]) => [k.slice('batch_'.length), v]));
    const weights = Object.fromEntries(Object.entries(rest).filter(([k]) => k.startsWith('weight_')));
    this.pending.push({ ...this.prefix, type: 'step', step, epoch: ctx.epoch + 1, ...(batchLoss !== undefined ? { loss: batchLoss } : {}), ...(lr !== undefined ? { lr } : {}), ...taskLosses, ...weights });
  }

  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    const records = [...this.pending, { ...this.prefix, type: 'epoch', epoch: epoch + 1, ...logs }];
    this.pending = [];
    await this.run.appendMetrics(records);
  }
}
