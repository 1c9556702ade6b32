/** Public entry of the exact GP surrogate (implementation in the modules beside it). */
export { GpSurrogate, gpOptionsSchema, type GpOptions } from './gp-surrogate.ts';
export { FittedGp, type FittedGpParts } from './fitted-gp.ts';
export type { KernelKind, KernelParams } from './kernels.ts';
export { parseGpState, type GpState } from './gp-state.ts';
