import { z } from 'zod';

/**
 * The digital-twin sample shared by the FerroSIM driver and the virtual rig: a FerroSIM lattice (defaults of
 * workflow W2: n = 20, tetragonal, k = 1, α_dep = 0.2, deterministic Euler, dt = 1/899 per step, field on y),
 * seeded random-field defects (10 % of sites, U(−3, 3) Ec as in the reference case 2), a small seeded random
 * initial state, a synthetic topography correlated with the defect map, and the PFM tip model.
 */
export const TwinConfigSchema = z.strictObject({
  n: z.int().min(2).max(256).default(20),
  mode: z.enum(['tetragonal', 'rhombohedral', 'squareelectric', 'uniaxial']).default('tetragonal'),
  k: z.number().min(0).max(1000).default(1),
  depAlpha: z.number().min(0).max(100).default(0.2),
  gamma: z.number().positive().max(100).default(1),
  physics: z.enum(['reference', 'corrected']).default('reference'),
  integrator: z.enum(['euler', 'heun', 'rk4']).default('euler'),
  /** Sim time per trajectory step (the lecture grid t_k = k/899). */
  stepDt: z.number().positive().max(1).default(1 / 899),
  /** Component the applied field acts on. */
  fieldComponent: z.enum(['x', 'y']).default('y'),
  seed: z.int().default(1),
  defectFraction: z.number().min(0).max(1).default(0.1),
  /** Defect field components are U(−a, a) in Ec units ('random'); the strongest cluster's peak field ('clusters'). */
  defectAmplitude: z.number().min(0).max(100).default(3),
  /**
   * 'random': defectFraction of the sites carry independent random fields (reference case 2); 'clusters':
   * clusterCount Gaussian clusters of radius ≈ clusterRadius sites, one field direction each (docs/twin-structure-property.md).
   */
  defectLayout: z.enum(['random', 'clusters']).default('random'),
  clusterCount: z.int().min(0).max(100000).default(12),
  /** Mean cluster radius (lattice sites). */
  clusterRadius: z.number().positive().max(1000).default(1.5),
  /** Steps of specDt the pristine state relaxes without field before use (0 = the raw random start). */
  relaxSteps: z.int().min(0).max(1000000).default(0),
  /** Initial state components are N(0, σ²) with this σ. */
  initAmplitude: z.number().min(0).max(2).default(0.1),
  /** Edge of the sample (µm); a scan of this size covers the whole lattice. */
  sizeUm: z.number().positive().max(1000).default(5),
  /** Height scale of the synthetic topography (nm). */
  topographyNm: z.number().min(0).max(1e4).default(5),
  /** Gaussian noise σ added to scanned Px/Py (TOPO gets σ × topographyNm); 0 = noiseless. */
  scanNoise: z.number().min(0).max(10).default(0),
  /** Tip field falls off as (1 + (r/R)²)^(−3/2) with this R (µm). */
  tipRadiusUm: z.number().positive().max(1000).default(0.4),
  /** Sim time per spectroscopy step (Euler is stable for dt < 0.02 at |p| < 0.7, spec §9). */
  specDt: z.number().positive().max(0.02).default(0.01),
  /** Sim steps with the bias on, then with it off, per spectroscopy point. */
  specStepsOn: z.int().min(1).max(1000).default(20),
  specStepsOff: z.int().min(1).max(1000).default(10),
  /** Tip bias (V) per Ec unit of local field at r = 0. */
  tipVoltsPerEc: z.number().positive().default(1),
});

export type TwinConfig = z.infer<typeof TwinConfigSchema>;

/** The defaults, as a plain object. */
export function defaultTwinConfig(): TwinConfig {
  return TwinConfigSchema.parse({});
}
