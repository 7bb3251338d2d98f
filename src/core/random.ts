/**
 * Seeded random numbers. Two kinds, both reproducible from one seed:
 * - `Generator`: a sequential xoshiro128** stream on the host (shuffles, permutations, seeds);
 * - counter-based draws (`uniformAt`, `normalAt`): element `i` of a random tensor is a pure
 *   function of `(seed, i)`, so every backend (CPU, WebAssembly, WebGPU) produces the same values.
 */
import { ValueError } from './errors.js';

const TWO_POW_NEG_24 = 1 / 16777216;

/** PCG-RXS-M-XS 32-bit hash: a well-mixed bijection on uint32. */
export function pcgHash(x: number): number {
  const state = (Math.imul(x >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul(((state >>> ((state >>> 28) + 4)) ^ state) >>> 0, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/** The uint32 drawn for counter `i` of stream `seed` (counter-based, stateless). */
export function hashAt(seed: number, i: number): number {
  return pcgHash((i ^ pcgHash(seed)) >>> 0);
}

/** Uniform in [0, 1) with 24 random bits (exact in float32) for counter `i` of stream `seed`. */
export function uniformAt(seed: number, i: number): number {
  return (hashAt(seed, i) >>> 8) * TWO_POW_NEG_24;
}

/** Standard normal for element `i` of stream `seed` (Box–Muller over counters 2i and 2i+1). */
export function normalAt(seed: number, i: number): number {
  const u1 = ((hashAt(seed, 2 * i) >>> 8) + 1) * TWO_POW_NEG_24; // (0, 1]
  const u2 = (hashAt(seed, 2 * i + 1) >>> 8) * TWO_POW_NEG_24;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

function splitmix32(state: number): [next: number, out: number] {
  const next = (state + 0x9e3779b9) >>> 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/** A Generator's position in its stream (JSON-serialisable). */
export interface GeneratorState {
  /** The four xoshiro128** state words. */
  readonly words: readonly number[];
  /** A cached second normal draw, or null. */
  readonly spareNormal: number | null;
}

/**
 * A seeded sequential generator (xoshiro128**). Same seed, same numbers, on every platform.
 * @example
 * const g = new Generator(42);
 * g.uniform(); g.normal(); g.integers(0, 10); g.permutation(5);
 */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | undefined;

  /** @param seed - any integer; its low 32 bits seed the state through splitmix32. */
  constructor(seed: number) {
    this.seed(seed);
  }

  /** Reset the stream to the one `seed` starts. */
  seed(seed: number): void {
    if (!Number.isFinite(seed)) throw new ValueError('Generator.seed', `seed must be a finite number, found ${seed}`);
    let state = Math.trunc(seed) >>> 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitmix32(state);
      state = next;
      words.push(out);
    }
    [this.s0, this.s1, this.s2, this.s3] = words as [number, number, number, number];
    this.spareNormal = undefined;
  }

  /** The stream's position, to save with a checkpoint and restore with `setState`. */
  getState(): GeneratorState {
    return { words: [this.s0, this.s1, this.s2, this.s3], spareNormal: this.spareNormal ?? null };
  }

  /**
   * Continue from a state `getState` returned.
   * @throws ValueError when the state is not four uint32 words.
   */
  setState(state: GeneratorState): void {
    const words = state?.words;
    if (!Array.isArray(words) || words.length !== 4 || words.some((w) => !Number.isInteger(w) || w < 0 || w > 0xffffffff)) {
      throw new ValueError('Generator.setState', `expected {words: four uint32 values, spareNormal}, found ${JSON.stringify(state)}`);
    }
    [this.s0, this.s1, this.s2, this.s3] = words as [number, number, number, number];
    this.spareNormal = state.spareNormal ?? undefined;
  }

  /** The next uint32 of the stream. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [low, high) with 53 random bits. */
  uniform(low = 0, high = 1): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    const u = (hi * 67108864 + lo) / 9007199254740992;
    return low + (high - low) * u;
  }

  /** Normal with the given mean and standard deviation (Box–Muller, pairs cached). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return mean + std * z;
    }
    let u1 = 0;
    while (u1 === 0) u1 = this.uniform();
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spareNormal = r * Math.sin(2 * Math.PI * u2);
    return mean + std * r * Math.cos(2 * Math.PI * u2);
  }

  /**
   * A uniform integer in [low, high) without modulo bias.
   * @throws ValueError when `high <= low` or the bounds are not integers.
   */
  integers(low: number, high: number): number {
    if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
      throw new ValueError('Generator.integers', `expected integers low < high, found low=${low}, high=${high}`);
    }
    const range = high - low;
    if (range <= 0x100000000) {
      const limit = 0x100000000 - (0x100000000 % range);
      let x = this.nextUint32();
      while (x >= limit) x = this.nextUint32();
      return low + (x % range);
    }
    return low + Math.floor(this.uniform() * range);
  }

  /** A random permutation of `0 … n-1` (Fisher–Yates). */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0) throw new ValueError('Generator.permutation', `n must be a non-negative integer, found ${n}`);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.integers(0, i + 1);
      const tmp = out[i] as number;
      out[i] = out[j] as number;
      out[j] = tmp;
    }
    return out;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The process-wide generator that `manualSeed` resets; tensor factories draw their seeds from it. */
export const globalGenerator = new Generator(Date.now());

/**
 * Seed the global generator so every later random draw (rand, randn, dropout, shuffles) repeats.
 * @example `tn.manualSeed(0)`
 */
export function manualSeed(seed: number): void {
  globalGenerator.seed(seed);
}
