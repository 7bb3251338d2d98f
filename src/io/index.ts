/** io: safetensors encoding and decoding (browser-safe) and files (Node.js). */
export {
  encodeSafetensors, decodeSafetensors, parseSafetensorsHeader, MAX_HEADER_BYTES,
  type DecodeOptions, type DecodedSafetensors, type SafetensorsEntry, type SafetensorsHeader,
} from './safetensors.js';
export { SAFETENSORS_DTYPES, type SafetensorsDType } from './safetensors-dtypes.js';
export {
  saveSafetensors, loadSafetensors, loadSafetensorsWithMetadata, type SaveSafetensorsOptions,
} from './safetensors-file.js';
