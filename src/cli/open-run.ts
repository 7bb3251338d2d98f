/**
 * What `train`, `transfer` and `mtl` do before their work: read the config (or a run folder's saved config for
 * `--resume`), check it, create the run folder, set up the engine, and watch Ctrl-C while the work runs.
 */
import type * as z from 'zod';
import type { ParsedArgs } from './args.js';
import type { CliContext } from './command.js';
import { checkFilesExist, loadConfig, type FlagAliases } from './config/load.js';
import { configError, usageError } from './errors.js';
import { Interrupt } from './interrupt.js';
import { RunDir } from './run-dir.js';
import { setUpEngine } from './engine.js';
import { relative } from './format.js';

/** `--epochs 3` for `--training.epochs 3`, and the like (train and mtl). */
export const TRAIN_ALIASES = { epochs: 'training.epochs', batchSize: 'training.batchSize', lr: 'optimizer.lr' } as const;

/** The parts of a run config every command has. */
interface RunConfigBase {
  readonly name?: string;
  readonly output: { readonly dir: string };
  readonly backend?: string;
  readonly threads?: number;
}

/** How a command opens its run. */
export interface OpenRunOptions<S extends z.ZodType> {
  /** The command's name, for messages. */
  readonly command: string;
  readonly schema: S;
  readonly aliases: FlagAliases;
  /** Checks beyond the schema, before the run folder exists: `[key, path]` files that must exist; may throw. */
  readonly check?: (config: z.infer<S>) => Promise<readonly (readonly [string, string])[]> | readonly (readonly [string, string])[];
}

/** An opened run. */
export interface OpenedRun<T> {
  readonly config: T;
  readonly run: RunDir;
  /** Whether it continues a saved run (`--resume`). */
  readonly resumed: boolean;
  /** Call `work` with Ctrl-C watched. */
  watch<R>(work: (interrupt: Interrupt) => Promise<R>): Promise<R>;
}

/** Read a run folder's config back for `--resume`. */
async function resumedConfig<S extends z.ZodType>(dir: string, schema: S, ctx: CliContext): Promise<{ run: RunDir; config: z.infer<S> }> {
  const path = await import('node:path');
  const run = new RunDir(path.resolve(ctx.cwd, dir));
  let raw: unknown;
  try {
    raw = await run.readConfig();
  } catch {
    throw usageError(`--resume ${dir}: expected a run folder with a config.json (as tasknet writes under runs/), found none at ${run.configFile}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw configError(`${run.configFile}: this run's config does not validate for this command (was it written by another subcommand?)`);
  return { run, config: parsed.data as z.infer<S> };
}

/**
 * Open the run of `tasknet <command> CONFIG [--key value …]` or `tasknet <command> --resume RUN_DIR`.
 * @throws CliError: bad usage (2), invalid config (3), missing file (4) — before any folder is created.
 */
export async function openRun<S extends z.ZodType>(args: ParsedArgs, ctx: CliContext, options: OpenRunOptions<S>): Promise<OpenedRun<z.infer<S> & RunConfigBase>> {
  type Config = z.infer<S> & RunConfigBase;
  const resume = args.flags.resume as string | undefined;
  let config: Config;
  let run: RunDir;
  if (resume !== undefined) {
    if (args.positionals.length > 0 || args.overrides.length > 0) throw usageError('--resume continues a run with its own saved config: give no CONFIG and no overrides');
    ({ run, config } = await resumedConfig(resume, options.schema, ctx) as { run: RunDir; config: Config });
  } else {
    if (args.positionals.length !== 1) {
      throw usageError(`expected one CONFIG file, found ${args.positionals.length === 0 ? 'none' : args.positionals.join(' ')}; see tasknet ${options.command} --help`);
    }
    const loaded = await loadConfig(args.positionals[0]!, { schema: options.schema, overrides: args.overrides, aliases: options.aliases, cwd: ctx.cwd });
    const base = loaded.config as Config;
    config = { ...base, name: base.name ?? loaded.stem };
    await checkFilesExist(await options.check?.(config) ?? [], ctx.cwd);
    const path = await import('node:path');
    run = await RunDir.create(path.resolve(ctx.cwd, config.output.dir), config.name!);
    await run.writeConfig(config);
  }
  await setUpEngine(config);
  ctx.out.info(`run ${relative(ctx.cwd, run.dir)}`);
  ctx.out.event('run', { dir: run.dir, name: config.name, resumed: resume !== undefined });
  return {
    config, run, resumed: resume !== undefined,
    async watch(work) {
      const interrupt = new Interrupt().listen();
      try {
        return await work(interrupt);
      } finally {
        interrupt.close();
      }
    },
  };
}
