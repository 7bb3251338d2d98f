/**
 * Decoding TF.js weight bytes into typed arrays, dequantising as TF.js does (`tf.io.decodeWeights`):
 * uint8/uint16 levels q give q·scale + min (rounded for int32 weights), float16 is widened to float32.
 */
import { formatShape, sizeOf, ValueError } from '../core/index.js';
import { decodeElements } from './safetensors-dtypes.js';
import type { TfjsModelArtifacts, TfjsWeightSpec } from './tfjs-model.js';

/** One decoded weight: its spec's shape and dtype, and its values. */
export interface DecodedTfjsWeight {
  /** Shape as stored (Keras layout). */
  readonly shape: readonly number[];
  /** `'float32'` or `'int32'` (bool weights are read as int32 0/1). */
  readonly dtype: 'float32' | 'int32';
  /** The values, row-major; a fresh array, owned by the caller. */
  readonly values: Float32Array | Int32Array;
  /** The quantisation the bytes had, if any (`'uint8'`, `'uint16'`, `'float16'`). */
  readonly quantized?: 'uint8' | 'uint16' | 'float16';
}

const PLAIN_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1 };
const QUANTIZED_BYTES: Readonly<Record<string, number>> = { uint8: 1, uint16: 2, float16: 2 };

/**
 * The weight bytes as one Uint8Array (several buffers are concatenated, as TF.js's `CompositeArrayBuffer`).
 * @example const bytes = tn.io.concatWeightData(artifacts.weightData);
 */
export function concatWeightData(data: TfjsModelArtifacts['weightData']): Uint8Array {
  const parts = (Array.isArray(data) ? data : [data]) as readonly (ArrayBuffer | Uint8Array)[];
  const views = parts.map((p) => (p instanceof Uint8Array ? p : new Uint8Array(p)));
  if (views.length === 1) return views[0] as Uint8Array;
  const out = new Uint8Array(views.reduce((n, v) => n + v.byteLength, 0));
  let offset = 0;
  for (const v of views) { out.set(v, offset); offset += v.byteLength; }
  return out;
}

/** Bytes one weight takes in the data (checking its dtype and quantisation). */
function byteLength(spec: TfjsWeightSpec, op: string): number {
  const q = spec.quantization;
  if (q !== undefined) {
    const size = QUANTIZED_BYTES[q.dtype];
    if (size === undefined) throw new ValueError(op, `weight '${spec.name}': unknown quantization dtype '${String(q.dtype)}' (expected uint8, uint16 or float16)`);
    if (q.dtype !== 'float16' && (typeof q.scale !== 'number' || typeof q.min !== 'number')) {
      throw new ValueError(op, `weight '${spec.name}': ${q.dtype} quantization needs numeric "scale" and "min", found ${JSON.stringify(q)}`);
    }
    const allowed = q.dtype === 'float16' ? ['float32'] : ['float32', 'int32'];
    if (!allowed.includes(spec.dtype)) {
      throw new ValueError(op, `weight '${spec.name}': ${q.dtype} quantization applies to ${allowed.join(' or ')} weights, found dtype ${spec.dtype}`);
    }
    return sizeOf(spec.shape) * size;
  }
  const size = PLAIN_BYTES[spec.dtype];
  if (size === undefined) throw new ValueError(op, `weight '${spec.name}': unsupported dtype '${spec.dtype}' (expected float32, int32 or bool)`);
  return sizeOf(spec.shape) * size;
}

/** Decode one weight's bytes. */
function decodeOne(spec: TfjsWeightSpec, bytes: Uint8Array, start: number): DecodedTfjsWeight {
  const count = sizeOf(spec.shape);
  const q = spec.quantization;
  if (q === undefined) {
    if (spec.dtype === 'float32') return { shape: spec.shape, dtype: 'float32', values: (decodeElements('F32', bytes, start, count) as Float32Array).slice() };
    const ints = decodeElements(spec.dtype === 'bool' ? 'BOOL' : 'I32', bytes, start, count) as Int32Array | Uint8Array;
    return { shape: spec.shape, dtype: 'int32', values: Int32Array.from(ints) };
  }
  if (q.dtype === 'float16') {
    return { shape: spec.shape, dtype: 'float32', values: decodeElements('F16', bytes, start, count) as Float32Array, quantized: 'float16' };
  }
  const levels = decodeElements(q.dtype === 'uint8' ? 'U8' : 'U16', bytes, start, count) as Int32Array;
  const scale = q.scale as number;
  const min = q.min as number;
  const values = spec.dtype === 'int32' ? new Int32Array(count) : new Float32Array(count);
  const round = spec.dtype === 'int32';
  // the product and sum in float64, then stored (TF.js does the same)
  for (let i = 0; i < count; i++) values[i] = round ? Math.round((levels[i] as number) * scale + min) : (levels[i] as number) * scale + min;
  return { shape: spec.shape, dtype: spec.dtype === 'int32' ? 'int32' : 'float32', values, quantized: q.dtype };
}

/**
 * Decode TF.js weight data: the specs' bytes lie one after another in `data`, in spec order.
 * @param specs - the weight specs (a manifest's groups' `weights`, concatenated)
 * @param data - the bytes (one buffer or several, read as their concatenation)
 * @returns name → decoded weight, in spec order
 * @throws ValueError for an unknown dtype or quantisation, a duplicate name, or data shorter or longer than the specs need
 * @example
 * const weights = tn.io.decodeTfjsWeights(artifacts.weightSpecs, artifacts.weightData);
 * weights.get('Conv1/kernel') // {shape: [3, 3, 3, 32], dtype: 'float32', values, quantized: 'uint8'}
 */
export function decodeTfjsWeights(
  specs: readonly TfjsWeightSpec[], data: TfjsModelArtifacts['weightData'],
): Map<string, DecodedTfjsWeight> {
  const op = 'decodeTfjsWeights';
  const bytes = concatWeightData(data);
  const out = new Map<string, DecodedTfjsWeight>();
  let offset = 0;
  for (const spec of specs) {
    const length = byteLength(spec, op);
    if (offset + length > bytes.byteLength) {
      throw new ValueError(op, `weight '${spec.name}' ${formatShape(spec.shape)} needs bytes [${offset}, ${offset + length}) ` +
        `but the weight data has only ${bytes.byteLength} bytes (a missing or truncated shard?)`);
    }
    if (out.has(spec.name)) throw new ValueError(op, `weight '${spec.name}' appears twice in the manifest`);
    out.set(spec.name, decodeOne(spec, bytes, offset));
    offset += length;
  }
  if (offset !== bytes.byteLength) {
    throw new ValueError(op, `the specs use ${offset} bytes but the weight data has ${bytes.byteLength} (the shards do not match the manifest)`);
  }
  return out;
}
