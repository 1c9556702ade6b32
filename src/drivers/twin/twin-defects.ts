import type { Rng } from '../../sim/rng.ts';

/** Defect clusters of a twin sample: random-field defects (n² × 2 row-major, Ec) and their density (n², ≥ 0). */
export interface DefectClusters {
  readonly defects: Float64Array;
  /** Σ_c a_c·exp(−d²/2r_c²) per site: how much defect matter sits there, blind to the field's direction (Ec). */
  readonly density: Float64Array;
}

/** Shape of the cluster population (counts, radii in lattice sites, amplitudes in Ec). */
export interface ClusterSpec {
  readonly count: number;
  readonly radius: number;
  readonly amplitude: number;
}

/**
 * Clusters of charged point defects (e.g. oxygen vacancies with their dipoles): each cluster c has a centre drawn
 * uniformly, a radius r_c ~ U(0.6, 1.4)·radius, a strength a_c ~ U(0.3, 1)·amplitude and a field direction θ_c ~
 * U(0, 2π). Its random field at a site at distance d is a_c·(cos θ_c, sin θ_c)·exp(−d²/2r_c²); clusters add up.
 */
export function clusteredDefects(n: number, spec: ClusterSpec, rng: Rng): DefectClusters {
  const sites = n * n;
  const defects = new Float64Array(2 * sites);
  const density = new Float64Array(sites);
  for (let c = 0; c < spec.count; c++) {
    const ci = rng.uniformIn(0, n);
    const cj = rng.uniformIn(0, n);
    const r = spec.radius * rng.uniformIn(0.6, 1.4);
    const a = spec.amplitude * rng.uniformIn(0.3, 1);
    const th = rng.uniformIn(0, 2 * Math.PI);
    const reach = Math.ceil(3.5 * r);
    for (let i = Math.max(0, Math.floor(ci - reach)); i < Math.min(n, Math.ceil(ci + reach)); i++) {
      for (let j = Math.max(0, Math.floor(cj - reach)); j < Math.min(n, Math.ceil(cj + reach)); j++) {
        const d2 = (i + 0.5 - ci) ** 2 + (j + 0.5 - cj) ** 2;
        const w = a * Math.exp(-d2 / (2 * r * r));
        const s = i * n + j;
        defects[2 * s] += w * Math.cos(th);
        defects[2 * s + 1] += w * Math.sin(th);
        density[s] += w;
      }
    }
  }
  return { defects, density };
}
