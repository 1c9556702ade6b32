import type { Boundary, SimSetup } from './sim-options.ts';

/**
 * z-curl dPy/dx − dPx/dy by central differences (x = first index), n×n row-major.
 * p: [comp][i][j] (length 2·n²). 'periodic' wraps indices (the reference); 'open' reads 0 outside.
 */
export function curl(p: ArrayLike<number>, n: number, boundary: Boundary = 'periodic'): Float64Array {
  const sites = n * n;
  const out = new Float64Array(sites);
  const at = (c: number, i: number, j: number): number => {
    if (boundary === 'periodic') return p[c * sites + ((i + n) % n) * n + ((j + n) % n)];
    return i < 0 || i >= n || j < 0 || j >= n ? 0 : p[c * sites + i * n + j];
  };
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out[i * n + j] = 0.5 * ((at(1, i + 1, j) - at(1, i - 1, j)) - (at(0, i, j + 1) - at(0, i, j - 1)));
    }
  }
  return out;
}

/** Σ|curl| over the lattice: the lecture's optimisation target (the values of `curl`, summed in site order, no array). */
export function curlAbsSum(p: ArrayLike<number>, n: number, boundary: Boundary = 'periodic'): number {
  const sites = n * n;
  const periodic = boundary === 'periodic';
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const iNext = i + 1 < n ? i + 1 : periodic ? 0 : -1;
    const iPrev = i > 0 ? i - 1 : periodic ? n - 1 : -1;
    for (let j = 0; j < n; j++) {
      const jNext = j + 1 < n ? j + 1 : periodic ? 0 : -1;
      const jPrev = j > 0 ? j - 1 : periodic ? n - 1 : -1;
      const yNext = iNext < 0 ? 0 : p[sites + iNext * n + j];
      const yPrev = iPrev < 0 ? 0 : p[sites + iPrev * n + j];
      const xNext = jNext < 0 ? 0 : p[i * n + jNext];
      const xPrev = jPrev < 0 ? 0 : p[i * n + jPrev];
      sum += Math.abs(0.5 * ((yNext - yPrev) - (xNext - xPrev)));
    }
  }
  return sum;
}

/** Site mean (⟨px⟩, ⟨py⟩) of a [comp][i][j] state. */
export function meanPolarization(p: ArrayLike<number>, n: number): [number, number] {
  const sites = n * n;
  let x = 0;
  let y = 0;
  for (let s = 0; s < sites; s++) {
    x += p[s];
    y += p[sites + s];
  }
  return [x / sites, y / sites];
}

/** |⟨P⟩|: Euclidean norm of the site-mean polarization vector. */
export function meanPolarizationMagnitude(p: ArrayLike<number>, n: number): number {
  const [x, y] = meanPolarization(p, n);
  return Math.hypot(x, y);
}

/** Hysteresis loop ⟨P⟩ vs E of one component, and its signed area ∮⟨P⟩ dE (trapezoid, Ec units). */
export interface HysteresisLoop {
  readonly field: Float64Array; // T, applied field in Ec units
  readonly polarization: Float64Array; // T, site-mean polarization
  readonly area: number;
}

/** Builds the loop of component c (0 = x, 1 = y) from a run's ⟨p⟩(t) ([comp][t]) and field (T × 2, Ec units). */
export function hysteresisLoop(meanP: ArrayLike<number>, fieldEc: ArrayLike<number>, steps: number, c: 0 | 1): HysteresisLoop {
  const field = new Float64Array(steps);
  const polarization = new Float64Array(steps);
  for (let t = 0; t < steps; t++) {
    field[t] = fieldEc[2 * t + c];
    polarization[t] = meanP[c * steps + t];
  }
  return { field, polarization, area: loopArea(meanP, fieldEc, steps, c) };
}

/** |∮⟨P⟩ dE| of component c (trapezoid, Ec units): hysteresisLoop(…).area without building the loop arrays. */
export function loopArea(meanP: ArrayLike<number>, fieldEc: ArrayLike<number>, steps: number, c: 0 | 1): number {
  let area = 0;
  for (let t = 1; t < steps; t++) {
    area += 0.5 * (meanP[c * steps + t] + meanP[c * steps + t - 1]) * (fieldEc[2 * t + c] - fieldEc[2 * (t - 1) + c]);
  }
  return Math.abs(area);
}

/**
 * Free energy F (spec §3) of state p ([comp][i][j]) under the field of step t, in the code's units.
 * F = Σ_s [f_Landau(p_s) − (Ec·E_app + Ec·D_s)·p_s] + Σ_s α_s·|Σp|²/(2N)
 *   + Σ_bonds (k̄/8)|p_s − p_s'|² (+ (k_s/8)(4 − z_s)|p_s|² at an open boundary),
 * whose gradient is the force g of the dynamics when k and α_dep are uniform (bond k̄ = mean of its ends).
 */
export function freeEnergy(setup: SimSetup, p: ArrayLike<number>, t: number): number {
  const { n, sites, landau, ec, k, depAlpha, defectAbs, mode } = setup;
  const { alpha1: a1, alpha2: a2, alpha3: a3 } = landau;
  const ex = ec * setup.fieldEc[2 * t];
  const ey = ec * setup.fieldEc[2 * t + 1];
  const [mx, my] = meanPolarization(p, n);
  const periodic = setup.boundary === 'periodic';
  let energy = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const s = i * n + j;
      const x = mode === 'uniaxial' ? 0 : p[s];
      const y = p[sites + s];
      energy += landauDensity(mode, a1, a2, a3, x, y);
      energy -= (ex + defectAbs[s]) * x + (ey + defectAbs[sites + s]) * y;
      energy += (depAlpha[s] * sites * (mx * x + my * y)) / (2 * sites); // Σ_s α_s ⟨p⟩·p_s / 2
      // Bonds to the right and down, once each; missing neighbours are a p = 0 ghost when open.
      for (const [di, dj] of [[1, 0], [0, 1], [-1, 0], [0, -1]] as const) {
        const ii = i + di;
        const jj = j + dj;
        const inside = ii >= 0 && ii < n && jj >= 0 && jj < n;
        if (!inside && periodic) {
          if (di + dj < 0) continue;
          const s2 = ((ii + n) % n) * n + ((jj + n) % n);
          energy += bond(k[s], k[s2], x, y, p[s2], p[sites + s2], mode);
        } else if (!inside) {
          energy += (k[s] / 8) * (x * x + y * y);
        } else if (di + dj > 0) {
          const s2 = ii * n + jj;
          energy += bond(k[s], k[s2], x, y, p[s2], p[sites + s2], mode);
        }
      }
    }
  }
  return energy;
}

function bond(k1: number, k2: number, x: number, y: number, x2: number, y2: number, mode: SimSetup['mode']): number {
  const dx = mode === 'uniaxial' ? 0 : x - x2;
  const dy = y - y2;
  return ((k1 + k2) / 16) * (dx * dx + dy * dy);
}

function landauDensity(mode: SimSetup['mode'], a1: number, a2: number, a3: number, x: number, y: number): number {
  const x2 = x * x;
  const y2 = y * y;
  if (mode === 'tetragonal' || mode === 'rhombohedral') return a1 * (x2 + y2) + a2 * (x2 * x2 + y2 * y2) + a3 * x2 * y2;
  return (a1 / 2) * (x2 + y2) + (a2 / 4) * (x2 * x2 + y2 * y2);
}
