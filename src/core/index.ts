/** core: dtypes, shapes, broadcasting, errors, seeded random numbers and checksums. Imports nothing. */
export * from './errors.js';
export * from './dtype.js';
export * from './shape.js';
export * from './random.js';
export * from './checksums.js';
