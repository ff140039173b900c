/** Recognising API keys: the catalogue of shapes, the detector built on it, and the checksums it verifies. */
export * from './catalogue/index.js';
export * from './checksum.js';
export * from './detect.js';
export * from './field-providers.js';
export * from './guess.js';
export * from './pair.js';
export { MIN_KEY_LENGTH } from './runs.js';
