/** The decoded form every image reader of `data` returns (PNG, PGM/PPM). */

/**
 * A decoded image: 8-bit samples, row-major, channels interleaved (`data[(y · width + x) · channels + c]`).
 * Channels: 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA (alpha not premultiplied; 255 is opaque).
 */
export interface DecodedImage {
  /** Width in pixels (≥ 1). */
  readonly width: number;
  /** Height in pixels (≥ 1). */
  readonly height: number;
  /** 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA. */
  readonly channels: 1 | 2 | 3 | 4;
  /** height × width × channels bytes. */
  readonly data: Uint8Array;
}

/**
 * Scale a sample from [0, maxval] to [0, 255], rounding to nearest: round(v · 255 / maxval). Exact for maxval 255;
 * 16-bit samples (maxval 65535) map v = 257 · k to k.
 */
export function scaleTo8(v: number, maxval: number): number {
  return maxval === 255 ? v : Math.floor((v * 255) / maxval + 0.5);
}
