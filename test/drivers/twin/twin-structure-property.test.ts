import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TwinConfigSchema } from '../../../src/drivers/twin/twin-config.ts';
import { createTwinSample } from '../../../src/drivers/twin/twin-sample.ts';
import { scanTwin } from '../../../src/drivers/twin/twin-scan.ts';
import { spectroscopyTwin } from '../../../src/drivers/twin/twin-physics.ts';
import { loopArea, triangleWaveform } from '../../../src/agents/spaces/loop-descriptors.ts';
import { patchCandidates } from '../../../src/agents/spaces/patch-pixel-space.ts';
import { cholesky } from '../../../src/models/numerics/cholesky.ts';
import { choleskySolve } from '../../../src/models/numerics/triangular.ts';
import { Rng } from '../../../src/sim/rng.ts';

/** Kernel ridge regression: predictions at test rows from K_train (n x n), K_test,train (m x n), y (n), ridge λ. */
function krr(K: Float64Array, Ks: Float64Array, y: Float64Array, lambda: number): Float64Array {
  const n = y.length;
  const A = Float64Array.from(K);
  for (let i = 0; i < n; i++) A[i * n + i] += lambda;
  const alpha = choleskySolve(cholesky(A, n).L, n, y, 1);
  const m = Ks.length / n;
  return Float64Array.from({ length: m }, (_, i) => alpha.reduce((s, a, j) => s + a * Ks[i * n + j], 0));
}

function gram(A: Float64Array, ia: number[], ib: number[], d: number, k: (a: Float64Array, b: Float64Array) => number): Float64Array {
  const out = new Float64Array(ia.length * ib.length);
  ia.forEach((i, r) => ib.forEach((j, c) => { out[r * ib.length + c] = k(A.subarray(i * d, (i + 1) * d), A.subarray(j * d, (j + 1) * d)); }));
  return out;
}

function r2(pred: Float64Array, truth: Float64Array): number {
  const mean = truth.reduce((s, v) => s + v, 0) / truth.length;
  let ss = 0;
  let st = 0;
  truth.forEach((v, i) => { ss += (pred[i] - v) ** 2; st += (v - mean) ** 2; });
  return 1 - ss / st;
}

describe('the twin: structure sets the property', () => {
  // W3's sample at half the edge (same site pitch 0.104 µm, same cluster density, tip and relaxation).
  const cfg = TwinConfigSchema.parse({
    n: 24, seed: 3, sizeUm: 2.5, defectLayout: 'clusters', clusterCount: 15, clusterRadius: 1.5, defectAmplitude: 2, relaxSteps: 2000, tipRadiusUm: 0.2,
  });
  const sample = createTwinSample(cfg);

  it('clusters carry one field direction each and raise the topography where they sit, whatever the direction', () => {
    let strong = 0;
    let topoStrong = 0;
    let topoWeak = 0;
    let weak = 0;
    for (let s = 0; s < 576; s++) {
      const d = Math.hypot(sample.defects[2 * s], sample.defects[2 * s + 1]);
      if (d > 1) { strong++; topoStrong += sample.topography[s]; } else if (d < 0.05) { weak++; topoWeak += sample.topography[s]; }
    }
    assert.ok(strong > 10 && weak > 50, `strong ${strong}, weak ${weak}`);
    // Hillocks peak at topographyNm = 5 nm over the clusters; away from them only the 15 % roughness remains.
    assert.ok(topoStrong / strong > topoWeak / weak + 1.5, `${topoStrong / strong} vs ${topoWeak / weak} nm`);
  });

  it('a loop area is predicted from the AMPL patch around the pixel on unseen ground better than from the pixel coordinates (30 points)', () => {
    const nx = 24;
    const img = scanTwin(cfg, sample.initial, sample.topography, { channels: ['AMPL'], nx, ny: nx, sizeUm: 2.5, noiseSeed: 1 }).AMPL;
    const { features, pixels } = patchCandidates({ image: img, nx, ny: nx, patch: 6 });
    // Every second pixel in x and y: ~100 loops keep the test to a few seconds.
    const chosen: number[] = [];
    for (let c = 0; c < pixels.length / 2; c++) if (pixels[2 * c] % 2 === 0 && pixels[2 * c + 1] % 2 === 0) chosen.push(c);
    const wf = triangleWaveform(3, 32);
    const y = Float64Array.from(chosen, (c) => {
      const r = spectroscopyTwin(cfg, sample.defects, Float64Array.from(sample.initial), ((pixels[2 * c] + 0.5) / nx) * 2.5, ((pixels[2 * c + 1] + 0.5) / nx) * 2.5, wf);
      return loopArea(r.bias, r.off);
    });
    const d = features.cols;
    const patch = Float64Array.from(chosen.flatMap((c) => Array.from(features.data.subarray(c * d, (c + 1) * d))));
    const xy = Float64Array.from(chosen.flatMap((c) => [pixels[2 * c] / nx, pixels[2 * c + 1] / nx]));
    const linear = (a: Float64Array, b: Float64Array) => a.reduce((s, v, k) => s + v * b[k], 0);
    const rbf = (ls: number) => (a: Float64Array, b: Float64Array) => Math.exp(-((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) / (2 * ls * ls));
    // Train on the left half of the sample, predict the right half: a structure → property map transfers to
    // unseen ground, an interpolation in (x, y) cannot (and 20 points per half leave it little to interpolate).
    const left = chosen.map((c, i) => [c, i]).filter(([c]) => pixels[2 * c] < nx / 2).map(([, i]) => i);
    const right = chosen.map((c, i) => [c, i]).filter(([c]) => pixels[2 * c] >= nx / 2).map(([, i]) => i);
    const rng = new Rng(7);
    let patchR2 = 0;
    let xyR2 = 0;
    const splits = 4;
    for (let s = 0; s < splits; s++) {
      const tr = Array.from(rng.sampleWithoutReplacement(left.length, 30), (k) => left[k]);
      const te = right;
      const mean = tr.reduce((acc, i) => acc + y[i], 0) / tr.length;
      const ytr = Float64Array.from(tr, (i) => y[i] - mean);
      const yte = Float64Array.from(te, (i) => y[i] - mean);
      // Each side gets its best setting on the held-out set (an oracle choice, generous to both).
      patchR2 += Math.max(...[10, 100, 1000].map((l) => r2(krr(gram(patch, tr, tr, d, linear), gram(patch, te, tr, d, linear), ytr, l), yte))) / splits;
      xyR2 += Math.max(...[0.05, 0.1, 0.2].map((ls) => r2(krr(gram(xy, tr, tr, 2, rbf(ls)), gram(xy, te, tr, 2, rbf(ls)), ytr, 0.1), yte))) / splits;
    }
    console.log(`held-out R²: ridge on AMPL patches ${patchR2.toFixed(3)}, kernel regression on (x, y) ${xyR2.toFixed(3)}`);
    // Measured 0.18 vs −0.41 (seed 3); the margins leave room for platform float differences, not for a lost link.
    assert.ok(patchR2 > 0.1 && patchR2 > xyR2 + 0.2, `patch ${patchR2.toFixed(3)} vs coordinates ${xyR2.toFixed(3)}`);
  });
});
