/** Public entry of the exact GP surrogate (implementation in ./gp/). */
export { GpSurrogate, gpOptionsSchema, type GpOptions } from './gp/gp-surrogate.ts';
export { FittedGp, type FittedGpParts } from './gp/fitted-gp.ts';
export type { KernelKind, KernelParams } from './gp/kernels.ts';
export { parseGpState, type GpState } from './gp/gp-state.ts';
