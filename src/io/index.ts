/** io: safetensors and TF.js layers-model weights: encoding and decoding (browser-safe) and files (Node.js). */
export {
  encodeSafetensors, decodeSafetensors, parseSafetensorsHeader, MAX_HEADER_BYTES,
  type DecodeOptions, type DecodedSafetensors, type SafetensorsEntry, type SafetensorsHeader,
} from './safetensors.js';
export { SAFETENSORS_DTYPES, type SafetensorsDType } from './safetensors-dtypes.js';
export {
  saveSafetensors, loadSafetensors, loadSafetensorsWithMetadata, type SaveSafetensorsOptions,
} from './safetensors-file.js';
export {
  saveCheckpoint, loadCheckpoint, checkpointPaths, CheckpointError, CHECKPOINT_FORMAT, CHECKPOINT_VERSION, OPTIMIZER_STATE_PREFIX,
  type CheckpointData, type LoadedCheckpoint, type SaveCheckpointOptions, type CheckpointProblem,
} from './checkpoint.js';
export {
  checkTfjsModelJson, checkWeightSpec,
  type TfjsModelJson, type TfjsModelArtifacts, type TfjsWeightSpec, type TfjsWeightsGroup, type TfjsQuantization,
} from './tfjs-model.js';
export { decodeTfjsWeights, concatWeightData, type DecodedTfjsWeight } from './tfjs-weights.js';
export { readTfjsModel } from './tfjs-model-files.js';
