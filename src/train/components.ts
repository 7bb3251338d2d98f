/**
 * Run components: the parts of a training run that hold state besides the model and its optimiser (a
 * multi-task weighting strategy, the optimiser of its parameters). ModelCheckpoint saves each one's state
 * as JSON under the checkpoint's `components`; resumeFrom gives it back.
 */
import { ValueError, isDType, type DType } from '../core/index.js';
import { Tensor, tensor } from '../tensor/index.js';
import type { OptimizerStateDict } from '../optim/index.js';
import type { StatefulOptimizer } from './model-checkpoint.js';

/** Something whose state a checkpoint keeps as JSON data (numbers, strings, arrays, plain objects). */
export interface StatefulComponent {
  /** The component's state as JSON data (may be read asynchronously, e.g. from GPU tensors). */
  stateDict(): unknown;
  /** Restore a state `stateDict` returned. */
  loadStateDict(state: unknown): void;
}

/** A tensor in an optimiser state, written as JSON. */
interface TensorJson {
  readonly dtype: DType;
  readonly shape: number[];
  readonly values: number[];
}

function isTensorJson(value: unknown): value is TensorJson {
  const v = value as Partial<TensorJson> | null;
  return v !== null && typeof v === 'object' && typeof v.dtype === 'string' && isDType(v.dtype)
    && Array.isArray(v.shape) && Array.isArray(v.values);
}

/**
 * An optimiser as a run component, its state tensors written as JSON arrays: meant for small optimisers
 * such as the one of a weighting strategy's few parameters (the model's optimiser goes to the
 * checkpoint's safetensors file instead).
 * @example
 * const component = tn.train.optimizerComponent(adam);
 * const saved = await component.stateDict();   // JSON.stringify-able
 * component.loadStateDict(saved);
 */
export function optimizerComponent(optimizer: StatefulOptimizer): StatefulComponent {
  return {
    async stateDict() {
      const sd = optimizer.stateDict();
      const state: Record<string, Record<string, unknown>> = {};
      for (const [index, entry] of Object.entries(sd.state)) {
        const out: Record<string, unknown> = {};
        for (const [name, value] of Object.entries(entry)) {
          if (value instanceof Tensor) {
            out[name] = { tensor: { dtype: value.dtype, shape: [...value.shape], values: Array.from(await value.data(), Number) } };
            value.dispose();
          } else {
            out[name] = value;
          }
        }
        state[index] = out;
      }
      return { paramGroups: sd.paramGroups, state };
    },
    loadStateDict(saved: unknown) {
      const op = 'optimizerComponent.loadStateDict';
      const sd = saved as { paramGroups?: unknown; state?: unknown } | null;
      if (sd === null || typeof sd !== 'object' || !Array.isArray(sd.paramGroups) || sd.state === null || typeof sd.state !== 'object') {
        throw new ValueError(op, `expected {paramGroups, state} as stateDict() wrote it, found ${JSON.stringify(saved)?.slice(0, 80)}`);
      }
      const created: Tensor[] = [];
      const state: OptimizerStateDict['state'] = {};
      for (const [index, entry] of Object.entries(sd.state as Record<string, Record<string, unknown>>)) {
        const out: Record<string, Tensor | number | null> = {};
        for (const [name, value] of Object.entries(entry)) {
          const packed = (value as { tensor?: unknown } | null)?.tensor;
          if (isTensorJson(packed)) {
            const t = tensor(packed.values, { shape: packed.shape, dtype: packed.dtype });
            created.push(t);
            out[name] = t;
          } else if (value === null || typeof value === 'number') {
            out[name] = value;
          } else {
            throw new ValueError(op, `state.${index}.${name} must be a number, null or {tensor}, found ${JSON.stringify(value)}`);
          }
        }
        state[Number(index)] = out;
      }
      try {
        optimizer.loadStateDict({ paramGroups: sd.paramGroups as OptimizerStateDict['paramGroups'], state });
      } finally {
        for (const t of created) t.dispose();
      }
    },
  };
}

/** Every component's state, by name. */
export async function componentStates(components: Readonly<Record<string, StatefulComponent>> | undefined): Promise<Record<string, unknown>> {
  const states: Record<string, unknown> = {};
  for (const [name, component] of Object.entries(components ?? {})) states[name] = await component.stateDict();
  return states;
}

/**
 * Restore each component from `states`.
 * @throws ValueError naming the checkpoint when a component has no saved state
 */
export function loadComponentStates(
  components: Readonly<Record<string, StatefulComponent>>, states: unknown, where: string,
): void {
  const saved = (states ?? {}) as Record<string, unknown>;
  for (const [name, component] of Object.entries(components)) {
    if (!(name in saved)) {
      throw new ValueError('resumeFrom', `${where} holds no state for component '${name}' (has ${Object.keys(saved).join(', ') || 'none'})`);
    }
    component.loadStateDict(saved[name]);
  }
}
