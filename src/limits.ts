/**
 * Size limits of every user input (configs, instrument configs, sim specs, sweep flags): what keeps a typo such as
 * `--set workflow.field.steps=2147483648` from eating memory or running forever. Documented in docs/limits.md.
 */

/** Longest field trajectory (time steps / samples; also a sine's `steps`, a recipe's `hold`, a `samples` list). */
export const MAX_FIELD_STEPS = 1_000_000;

/** Largest simulated lattice edge n (n² sites) of a sim spec; the twin's own limit is 256. */
export const MAX_LATTICE = 1024;

/** Most lattice sites of a sim spec (per-site lists: defects, k and α_dep maps). */
export const MAX_SITES = MAX_LATTICE * MAX_LATTICE;

/** Most proposals per model fit (`agent.batchSize`) and simulator threads of a ferrosim instrument (`workers`). */
export const MAX_BATCH_SIZE = 64;

/** Most candidates of a campaign's search space (latent grid nx × ny, K × α_dep grid, scan pixels). */
export const MAX_CANDIDATES = 100_000;

/** Most training trajectories of the W2 VAE (each 900 float64 samples: 720 MB at the limit). */
export const MAX_TRAJECTORIES = 100_000;

/** Most runs of a `ferroloop sweep` (the product of its axes, or the trajectory count) without --force. */
export const MAX_SWEEP_RUNS = 1_000_000;

/** Most runs of a `ferroloop sweep --force` (the plan is held in memory: a few KB per run, its defect map). */
export const MAX_FORCED_SWEEP_RUNS = 10_000_000;

/** Most values per `ferroloop sweep` axis (the product is bounded by MAX_SWEEP_RUNS too). */
export const MAX_AXIS_COUNT = 100_000;

/** Widest hidden layer, most layers and the largest latent / feature dimension of the models. */
export const MAX_LAYER_WIDTH = 4096;
export const MAX_LAYERS = 16;
export const MAX_LATENT_DIM = 64;

/** Most training epochs / optimiser iterations of any model. */
export const MAX_EPOCHS = 100_000;

/** Most points a GP fits its hyperparameters on (an O(n³) Cholesky per step). */
export const MAX_GP_FIT_POINTS = 10_000;

/** Longest name or label in a config (campaign, instrument and waveform names, error codes). */
export const MAX_NAME_LENGTH = 128;

/** Longest path in a config (serial device, plugin module, model directory). */
export const MAX_PATH_LENGTH = 4096;
