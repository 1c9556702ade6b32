/** Deep kernel learning: public surface (fit with DklSurrogate, reload a saved model with loadDkl). */
export { DklSurrogate, FittedDkl, type DklParts } from './dkl-surrogate.ts';
export { DklOptionsSchema, parseDklOptions, type DklOptions, type ResolvedDklOptions } from './dkl-options.ts';
export { loadDkl } from './dkl-store.ts';
