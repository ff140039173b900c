/** Recognising API keys: the catalogue of shapes and what is built on it. */
export * from './catalogue.js';
export * from './guess.js';
