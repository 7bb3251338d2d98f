/** Base64 (RFC 4648, with padding) in plain TypeScript, for data URIs in browsers and Node alike. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Encode bytes as standard base64 with `=` padding.
 * @example base64(new TextEncoder().encode('Man')) // 'TWFu'
 */
export function base64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    chunk += ALPHABET[(n >>> 18) & 63]! + ALPHABET[(n >>> 12) & 63]! +
      (b === undefined ? '=' : ALPHABET[(n >>> 6) & 63]!) + (c === undefined ? '=' : ALPHABET[n & 63]!);
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}
