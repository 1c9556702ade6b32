import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initTfBackend } from '../../../src/models/tf/tf-backend.ts';
import { graphGroupedDense, groupedDense, type FusedActivation } from '../../../src/models/tf/grouped-dense.ts';
import { denseSimdFor, fusedDenseAvailable } from '../../../src/models/tf/fused-dense-kernels.ts';
import { WASM_BASE64, WASM_FMA_BASE64 } from '../../../src/models/tf/wasm/dense-simd.wasm.ts';
import { relaxedSimdAvailable } from '../../../src/models/tf/wasm-relaxed-simd.ts';
import { Rng } from '../../../src/sim/rng.ts';
import { repoRoot } from '../../helpers/repo-paths.ts';

/**
 * Fused and graph paths agree to float32 rounding: sums of ≤ 900 products of O(1) terms in a different order
 * (≤ ~1e-6 relative) plus the rational tanh's absolute error (< 4e-7); 2e-5 of the largest entry leaves margin.
 */
const TOL = 2e-5;

function randn(shape: number[], rng: Rng, scale = 1): tf.Tensor2D {
  const n = shape[0] * shape[1];
  return tf.tensor2d(Float32Array.from({ length: n }, () => rng.normal() * scale), shape as [number, number]);
}

function assertClose(actual: tf.Tensor, expected: tf.Tensor, label: string): void {
  const a = actual.dataSync();
  const e = expected.dataSync();
  assert.equal(a.length, e.length, `${label}: length`);
  let scale = 1e-12;
  for (const v of e) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - e[i]) <= TOL * scale, `${label}[${i}]: ${a[i]} vs ${e[i]} (scale ${scale})`);
}

/** Value and gradients of Σ up ⊙ layer(x, w, bias) with respect to x, w and bias. */
function valueAndGrads(f: (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D, x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor2D, up: tf.Tensor2D): tf.Tensor[] {
  const y = f(x, w, b);
  const grads = tf.grads((xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(f(xi as tf.Tensor2D, wi as tf.Tensor2D, bi as tf.Tensor2D), up)))([x, w, b]);
  return [y, ...grads];
}

describe('grouped dense layer (fused wasm kernels)', () => {
  before(async () => {
    await initTfBackend({ prefer: 'wasm', log: () => {} });
  });
  after(() => {
    delete process.env.FERROLOOP_FUSED_DENSE;
  });

  it('embeds exactly the assembled dense-simd.wat (rebuild with node scripts/build-wasm.mjs)', async () => {
    const { assemble } = (await import(join(repoRoot, 'scripts', 'build-wasm.mjs'))) as { assemble(text: string, name: string): Promise<Buffer> };
    const wat = readFileSync(join(repoRoot, 'src', 'models', 'tf', 'wasm', 'dense-simd.wat'), 'utf8');
    assert.equal((await assemble(wat, 'dense-simd.wat')).toString('base64'), WASM_BASE64);
  });

  it('embeds the FMA variant: the GEMM tiles\' c + a·b as relaxed_madd, nothing else changed', async () => {
    const { assemble, fmaVariant } = (await import(join(repoRoot, 'scripts', 'build-wasm.mjs'))) as {
      assemble(text: string, name: string): Promise<Buffer>;
      fmaVariant(text: string): string;
    };
    const wat = readFileSync(join(repoRoot, 'src', 'models', 'tf', 'wasm', 'dense-simd.wat'), 'utf8');
    const fma = fmaVariant(wat);
    // 5×8 tile: 10 accumulators; 1×8 row tile: 2.
    assert.equal(fma.split('(f32x4.relaxed_madd ').length - 1, 12);
    assert.equal(fma.replace(/\(f32x4\.relaxed_madd \((local\.get \$\w+)\) \((local\.get \$\w+)\) \((local\.get \$\w+)\)\)/g, '(f32x4.add ($3) (f32x4.mul ($1) ($2)))'), wat);
    assert.equal((await assemble(fma, 'dense-simd.wat')).toString('base64'), WASM_FMA_BASE64);
  });

  it('finds relaxed SIMD on this node (Node 20: by enabling V8\'s flag) unless FERROLOOP_WASM_FMA=0', () => {
    assert.equal(relaxedSimdAvailable(), true);
    process.env.FERROLOOP_WASM_FMA = '0';
    try {
      assert.equal(relaxedSimdAvailable(), false);
    } finally {
      delete process.env.FERROLOOP_WASM_FMA;
    }
  });

  it('runs on the wasm backend', () => {
    assert.equal(tf.getBackend(), 'wasm');
    assert.equal(fusedDenseAvailable(), true);
  });

  // Shapes cover the 5×8 tiles and their leftovers (M % 5, N % 8), narrow outputs (N = 1, 2) and narrow inputs
  // (K = 2: the rVAE's coordinates), one bias row and per-group bias rows.
  const cases: [number, number, number, number, FusedActivation][] = [
    [37, 5, 13, 1, 'tanh'],
    [64, 2, 128, 4, 'tanh'],
    [130, 128, 1, 1, 'linear'],
    [33, 17, 2, 3, 'tanh'],
    [256, 128, 128, 2, 'relu'],
    [9, 300, 24, 1, 'tanh'],
    [8, 3, 8, 8, 'linear'],
    [600, 16, 16, 6, 'tanh'],
    [70, 30, 20, 1, 'elu'],
    [41, 900, 9, 1, 'elu'],
  ];
  for (const [M, K, N, G, act] of cases) {
    it(`matches tfjs ops forward and backward: x ${M}×${K}, w ${K}×${N}, ${G} bias row(s), ${act}`, () => {
      const rng = new Rng(M * 1000 + K * 10 + N);
      tf.tidy(() => {
        const x = randn([M, K], rng);
        const w = randn([K, N], rng, 1 / Math.sqrt(K));
        const b = randn([G, N], rng);
        const up = randn([M, N], rng);
        const fused = valueAndGrads((xi, wi, bi) => groupedDense(xi, wi, bi, act), x, w, b, up);
        const graph = valueAndGrads((xi, wi, bi) => graphGroupedDense(xi, wi, bi, act, M / G), x, w, b, up);
        ['y', 'dx', 'dw', 'dbias'].forEach((name, i) => assertClose(fused[i], graph[i], name));
      });
    });
  }

  it('inputGrad: false returns dx as zeros and the same dw and dbias', () => {
    const rng = new Rng(77);
    tf.tidy(() => {
      const x = randn([45, 30], rng);
      const w = randn([30, 20], rng, 0.2);
      const b = randn([1, 20], rng);
      const up = randn([45, 20], rng);
      const full = valueAndGrads((xi, wi, bi) => groupedDense(xi, wi, bi, 'elu'), x, w, b, up);
      const data = valueAndGrads((xi, wi, bi) => groupedDense(xi, wi, bi, 'elu', { inputGrad: false }), x, w, b, up);
      assert.deepEqual(Array.from(data[1].dataSync()), new Array(45 * 30).fill(0));
      [0, 2, 3].forEach((i) => assert.deepEqual(data[i].dataSync(), full[i].dataSync()));
    });
  });

  // Float32 approximations inside the kernel: tanh as a rational function, ELU through a Cody–Waite expm1.
  const accuracy: [FusedActivation, number, number, number, (v: number) => number, number][] = [
    ['tanh', -12, 0.001, 24_001, Math.tanh, 4e-7],
    ['elu', -90, 0.01, 10_001, (v) => (v > 0 ? v : Math.expm1(v)), 2e-7],
  ];
  for (const [act, from, step, n, reference, tol] of accuracy) {
    it(`${act} stays within ${tol} of the float64 reference over [${from}, ${from + step * (n - 1)}]`, () => {
      const values = Float32Array.from({ length: n }, (_, i) => from + i * step);
      tf.tidy(() => {
        const y = groupedDense(tf.tensor2d(values, [n, 1]), tf.ones([1, 1]), tf.zeros([1, 1]), act).dataSync();
        for (let i = 0; i < n; i++) assert.ok(Math.abs(y[i] - reference(values[i])) < tol, `${act}(${values[i]}) = ${y[i]}`);
      });
    });
  }

  it('FERROLOOP_FUSED_DENSE=0 selects the tfjs-ops path', () => {
    process.env.FERROLOOP_FUSED_DENSE = '0';
    try {
      assert.equal(fusedDenseAvailable(), false);
    } finally {
      delete process.env.FERROLOOP_FUSED_DENSE;
    }
    assert.equal(fusedDenseAvailable(), true);
  });

  it('rejects shapes that do not fit, and rows that are not equal groups', () => {
    tf.tidy(() => {
      assert.throws(() => groupedDense(tf.zeros([4, 3]), tf.zeros([2, 5]), tf.zeros([1, 5]), 'tanh'), /do not fit/);
      assert.throws(() => groupedDense(tf.zeros([5, 3]), tf.zeros([3, 2]), tf.zeros([2, 2]), 'tanh'), /equal groups/);
    });
  });

  it('Identity shares data on wasm (no copy per saved tensor); a clone outlives its source', () => {
    assert.equal(fusedDenseAvailable(), true);
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const buffers = tf.memory().numDataBuffers;
    const c = tf.clone(x);
    assert.equal(tf.memory().numDataBuffers, buffers, 'no new buffer');
    assert.equal(c.dataId, x.dataId);
    x.dispose();
    assert.deepEqual(Array.from(c.dataSync()), [1, 2, 3, 4, 5, 6]);
    c.dispose();
    const s = tf.clone(tf.tensor1d(['a', 'b'], 'string'));
    assert.deepEqual(s.arraySync(), ['a', 'b']);
    s.dispose();
  });

  it('instantiates the module once per tfjs heap', () => {
    assert.equal(denseSimdFor(tf.backend()), denseSimdFor(tf.backend()));
    assert.equal(denseSimdFor({}), null);
  });
});
