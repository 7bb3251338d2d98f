/**
 * TensorFlow.js as the reference for the Keras importer's tests: its wasm backend (else cpu), models saved to
 * in-memory artifacts, and NHWC ↔ NCHW conversions of test inputs.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tn from 'tasknet';

type Tensor = ReturnType<typeof tn.tensor>;

let ready: Promise<string> | undefined;

/** Start TF.js once, on its wasm backend when that loads (its .wasm files come from node_modules), else cpu. */
export function tfReady(): Promise<string> {
  ready ??= (async () => {
    setWasmPaths(`${path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
    if (!(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
    return tf.getBackend();
  })();
  return ready;
}

/** A TF.js model as the artifacts `model.save` writes (topology JSON, weight specs, weight bytes). */
export async function saveArtifacts(model: tf.LayersModel): Promise<tn.io.TfjsModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  if (saved?.weightData === undefined || saved.weightSpecs === undefined) throw new Error('saveArtifacts: TF.js saved no weights');
  const data = saved.weightData;
  return {
    modelTopology: saved.modelTopology,
    weightSpecs: saved.weightSpecs,
    weightData: Array.isArray(data) ? data : [data as ArrayBuffer],
  };
}

/** Artifacts as `tf.io.fromMemory` takes them (one ArrayBuffer). */
export function tfArtifacts(artifacts: tn.io.TfjsModelArtifacts): tf.io.ModelArtifacts {
  const bytes = tn.io.concatWeightData(artifacts.weightData);
  return {
    modelTopology: artifacts.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs: artifacts.weightSpecs as tf.io.WeightsManifestEntry[],
    weightData: bytes.slice().buffer,
  };
}

/** A tasknet tensor from TF.js values in TF.js's layout, rank-4 ones moved channels first. */
export function toTasknet(values: Float32Array, nhwcShape: readonly number[]): Tensor {
  const t = tn.tensor(values, { shape: nhwcShape });
  if (nhwcShape.length !== 4) return t;
  const nchw = tn.permute(t, [0, 3, 1, 2]);
  t.dispose();
  return nchw;
}

/** A tasknet output's values in TF.js's layout (rank 4 moved channels last). */
export function toKerasValues(t: Tensor): Float32Array {
  const last = t.ndim === 4 ? tn.permute(t, [0, 2, 3, 1]) : t;
  const values = Float32Array.from(last.dataSync());
  if (last !== t) last.dispose();
  return values;
}

/** max |a − b| over equal-length arrays (throws on a length mismatch). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths differ, ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

/** Deterministic pseudo-random values in [lo, hi) (a linear congruential generator). */
export function seededValues(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((s >>> 8) / 2 ** 24) * (hi - lo);
  }
  return out;
}

export { tf };
