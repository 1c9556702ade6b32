import { Rng } from '../../sim/rng.ts';
import { simulate } from '../../sim/simulate.ts';
import type { TwinConfig } from './twin-config.ts';
import { clusteredDefects } from './twin-defects.ts';
import { baseSimOptions, twinTimeVector } from './twin-physics.ts';

/** A generated sample: defects (n² × 2 row-major, Ec), pristine state ([comp][i][j], 2·n²), topography (n², nm, [i][j]). */
export interface TwinSample {
  readonly n: number;
  readonly defects: Float64Array;
  readonly initial: Float64Array;
  readonly topography: Float64Array;
}

/**
 * Builds the seeded sample of a twin config; same config → same sample. With relaxSteps > 0 the random start
 * relaxes without field into the domain structure the defects pin (what a scan of a pristine sample shows).
 */
export function createTwinSample(cfg: TwinConfig): TwinSample {
  const n = cfg.n;
  const sites = n * n;
  const rng = new Rng(cfg.seed);
  let defects: Float64Array;
  let strength: Float64Array;
  if (cfg.defectLayout === 'clusters') {
    ({ defects, density: strength } = clusteredDefects(n, { count: cfg.clusterCount, radius: cfg.clusterRadius, amplitude: cfg.defectAmplitude }, rng));
  } else {
    defects = new Float64Array(2 * sites);
    const count = Math.round(cfg.defectFraction * sites);
    for (const s of rng.sampleWithoutReplacement(sites, count)) {
      defects[2 * s] = rng.uniformIn(-cfg.defectAmplitude, cfg.defectAmplitude);
      defects[2 * s + 1] = rng.uniformIn(-cfg.defectAmplitude, cfg.defectAmplitude);
    }
    strength = Float64Array.from({ length: sites }, (_, s) => Math.hypot(defects[2 * s], defects[2 * s + 1]));
  }
  const start = new Float64Array(2 * sites);
  for (let i = 0; i < start.length; i++) start[i] = cfg.initAmplitude * rng.normal();
  const topography = topographyFromDefects(strength, n, cfg.topographyNm, cfg.defectLayout === 'clusters' ? 0.7 : 1.5, rng);
  return { n, defects, initial: relaxedState(cfg, defects, start), topography };
}

/** The state ([comp][i][j]) after relaxSteps steps of specDt at zero applied field from `start`. */
export function relaxedState(cfg: TwinConfig, defects: Float64Array, start: Float64Array): Float64Array {
  if (cfg.relaxSteps === 0) return start;
  const steps = cfg.relaxSteps + 1;
  return simulate({
    ...baseSimOptions(cfg, defects), timeVec: twinTimeVector(cfg.specDt, steps), field: new Float64Array(2 * steps),
    init: { kind: 'explicit', p: start },
  }).pFinal;
}

/**
 * Synthetic height map correlated with the defect map: defects are pinning sites that raise small hillocks
 * (defect strength, n², blurred with σ = blur sites), plus a weaker long-wavelength roughness (σ = 4 sites).
 * Scaled so the hillocks peak at `heightNm`. Height is blind to the direction of the defect field.
 */
function topographyFromDefects(strength: Float64Array, n: number, heightNm: number, blur: number, rng: Rng): Float64Array {
  const sites = n * n;
  const hills = gaussianBlur(strength, n, blur);
  const noise = new Float64Array(sites);
  for (let s = 0; s < sites; s++) noise[s] = rng.normal();
  const rough = gaussianBlur(noise, n, 4);
  const hillMax = maxAbs(hills) || 1;
  const roughMax = maxAbs(rough) || 1;
  const out = new Float64Array(sites);
  for (let s = 0; s < sites; s++) out[s] = heightNm * (hills[s] / hillMax + 0.15 * rough[s] / roughMax);
  return out;
}

/** Separable Gaussian blur of an n × n map with clamped edges. */
export function gaussianBlur(map: Float64Array, n: number, sigma: number): Float64Array {
  const radius = Math.ceil(3 * sigma);
  const w = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let d = -radius; d <= radius; d++) sum += (w[d + radius] = Math.exp(-(d * d) / (2 * sigma * sigma)));
  for (let d = 0; d < w.length; d++) w[d] /= sum;
  const pass = (src: Float64Array, alongJ: boolean): Float64Array => {
    const dst = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let d = -radius; d <= radius; d++) {
          const ii = alongJ ? i : clamp(i + d, n);
          const jj = alongJ ? clamp(j + d, n) : j;
          acc += w[d + radius] * src[ii * n + jj];
        }
        dst[i * n + j] = acc;
      }
    }
    return dst;
  };
  return pass(pass(map, true), false);
}

function clamp(i: number, n: number): number {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}
