/**
 * `ferroloop/models`: every surrogate and generative model, TensorFlow.js-backed ones included (loading this
 * entry loads TensorFlow.js; the backend — tfjs-node, else wasm, else cpu — is chosen on first use).
 */
export * from './gp/index.ts';
export { SequentialGpSurrogate } from './gp/sequential-gp.ts';
export * from './dkl/dkl.ts';
export { TrajectoryVae, type LatentBounds, type VaeState } from './vae/vae.ts';
export { saveVae, loadVae } from './vae/vae-store.ts';
export { initTfBackend, describe as describeTfBackend, type TfBackendInfo, type TfBackendName, type TfBackendOptions } from './tf/tf-backend.ts';
export { matrix, rowSlice, type Dataset, type FittedSurrogate, type Matrix, type Posterior, type Surrogate } from './surrogate.ts';
