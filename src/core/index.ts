/** core: dtypes, shapes, broadcasting, errors and seeded random numbers. Imports nothing. */
export * from './errors.js';
export * from './dtype.js';
export * from './shape.js';
export * from './random.js';
