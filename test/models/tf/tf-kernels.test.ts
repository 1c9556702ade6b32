import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initTfBackend } from '../../../src/models/tf/tf-backend.ts';
import { installWasmKernelFixes, uninstallWasmKernelFixes, wasmKernelFixesInstalled } from '../../../src/models/tf/wasm-kernel-fixes.ts';
import { Rng } from '../../../src/sim/rng.ts';

/** Float32 inputs, float64 reference: products of ≤ 64 terms of size O(1) agree to ~1e-5 relative. */
const TOL = 2e-4;

function randn(n: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** C = op(A) · op(B) in float64, A and B row-major; op transposes when the flag is set. */
function refMatMul(a: Float32Array, aShape: [number, number], b: Float32Array, bShape: [number, number], ta: boolean, tb: boolean): Float64Array {
  const [m, k] = ta ? [aShape[1], aShape[0]] : aShape;
  const n = tb ? bShape[0] : bShape[1];
  const A = (i: number, p: number) => (ta ? a[p * aShape[1] + i] : a[i * aShape[1] + p]);
  const B = (p: number, j: number) => (tb ? b[j * bShape[1] + p] : b[p * bShape[1] + j]);
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) out[i * n + j] += A(i, p) * B(p, j);
  return out;
}

/** dL/dW for L = Σ conv2d(x, W) ⊙ dy, NHWC, by direct summation in float64. */
function refConvFilterGrad(x: Float32Array, xs: number[], dy: Float32Array, ys: number[], f: number, cout: number, stride: number, top: number, left: number): Float64Array {
  const [B, H, W, C] = xs;
  const [, OH, OW] = ys;
  const g = new Float64Array(f * f * C * cout);
  for (let b = 0; b < B; b++) for (let oy = 0; oy < OH; oy++) for (let ox = 0; ox < OW; ox++) for (let fy = 0; fy < f; fy++) for (let fx = 0; fx < f; fx++) {
    const iy = oy * stride + fy - top;
    const ix = ox * stride + fx - left;
    if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
    for (let c = 0; c < C; c++) for (let o = 0; o < cout; o++) {
      g[((fy * f + fx) * C + c) * cout + o] += x[((b * H + iy) * W + ix) * C + c] * dy[((b * OH + oy) * OW + ox) * cout + o];
    }
  }
  return g;
}

/** dL/dx for L = Σ conv2d(x, W) ⊙ dy, NHWC, by direct summation in float64. */
function refConvInputGrad(w: Float32Array, xs: number[], dy: Float32Array, ys: number[], f: number, cout: number, stride: number, top: number, left: number): Float64Array {
  const [B, H, W, C] = xs;
  const [, OH, OW] = ys;
  const g = new Float64Array(B * H * W * C);
  for (let b = 0; b < B; b++) for (let oy = 0; oy < OH; oy++) for (let ox = 0; ox < OW; ox++) for (let fy = 0; fy < f; fy++) for (let fx = 0; fx < f; fx++) {
    const iy = oy * stride + fy - top;
    const ix = ox * stride + fx - left;
    if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
    for (let c = 0; c < C; c++) for (let o = 0; o < cout; o++) {
      g[((b * H + iy) * W + ix) * C + c] += w[((fy * f + fx) * C + c) * cout + o] * dy[((b * OH + oy) * OW + ox) * cout + o];
    }
  }
  return g;
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let scale = 1;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol * scale, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

describe('wasm kernel fixes', () => {
  before(async () => {
    await initTfBackend({ log: () => {} });
  });

  it('matMul with every transpose combination (2-D and batched) equals the float64 reference', () => {
    const rng = new Rng(1);
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const [m, k, n] = [7, 13, 5];
      const a = randn(m * k, rng);
      const b = randn(k * n, rng);
      const aShape: [number, number] = ta ? [k, m] : [m, k];
      const bShape: [number, number] = tb ? [n, k] : [k, n];
      const got = tf.tidy(() => tf.matMul(tf.tensor2d(a, aShape), tf.tensor2d(b, bShape), ta, tb).dataSync());
      assertClose(got, refMatMul(a, aShape, b, bShape, ta, tb), TOL, `matMul ta=${ta} tb=${tb}`);
      const batched = tf.tidy(() => tf.matMul(tf.tensor3d([...a, ...a], [2, ...aShape]), tf.tensor3d([...b, ...b], [2, ...bShape]), ta, tb).dataSync());
      const ref = refMatMul(a, aShape, b, bShape, ta, tb);
      assertClose(batched, [...ref, ...ref], TOL, `batched matMul ta=${ta} tb=${tb}`);
    }
  });

  it('matMul gradients (which use transpose flags) equal dA = dY·Bᵀ and dB = Aᵀ·dY', () => {
    const rng = new Rng(2);
    const [m, k, n] = [6, 9, 4];
    const a = randn(m * k, rng);
    const b = randn(k * n, rng);
    const dy = randn(m * n, rng);
    const [ga, gb] = tf.tidy(() => {
      const f = (A: tf.Tensor, B: tf.Tensor) => tf.sum(tf.mul(tf.matMul(A, B), tf.tensor2d(dy, [m, n])));
      return tf.grads(f)([tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n])]).map((g) => g.dataSync());
    });
    assertClose(ga, refMatMul(dy, [m, n], b, [k, n], false, true), TOL, 'dA');
    assertClose(gb, refMatMul(a, [m, k], dy, [m, n], true, false), TOL, 'dB');
  });

  it('fused matMul (bias, relu, transposed B) and its gradient equal the reference', () => {
    const rng = new Rng(3);
    const [m, k, n] = [5, 8, 6];
    const a = randn(m * k, rng);
    const bT = randn(n * k, rng);
    const bias = randn(n, rng);
    const got = tf.tidy(() => tf.fused.matMul({ a: tf.tensor2d(a, [m, k]), b: tf.tensor2d(bT, [n, k]), transposeB: true, bias: tf.tensor1d(bias), activation: 'relu' }).dataSync());
    const ref = refMatMul(a, [m, k], bT, [n, k], false, true).map((v, i) => Math.max(0, v + bias[i % n]));
    assertClose(got, ref, TOL, 'fused');
    const ga = tf.tidy(() => tf.grad((A: tf.Tensor) => tf.sum(tf.fused.matMul({ a: A as tf.Tensor2D, b: tf.tensor2d(bT, [n, k]), transposeB: true, bias: tf.tensor1d(bias), activation: 'relu' })))(tf.tensor2d(a, [m, k])).dataSync());
    const mask = Float32Array.from(ref, (v) => (v > 0 ? 1 : 0));
    assertClose(ga, refMatMul(mask, [m, n], bT, [n, k], false, false), TOL, 'fused dA');
  });

  it('conv2d filter (missing on wasm 4.22) and input gradients equal direct summation for stride 1/2, same/valid padding', () => {
    const rng = new Rng(4);
    const cases = [
      { stride: 1, pad: 'same' as const, f: 3, hw: 7, cin: 2, cout: 3 },
      { stride: 2, pad: 'same' as const, f: 3, hw: 8, cin: 3, cout: 4 },
      { stride: 2, pad: 'valid' as const, f: 3, hw: 9, cin: 1, cout: 2 },
    ];
    for (const c of cases) {
      const xs = [2, c.hw, c.hw, c.cin];
      const x = randn(xs.reduce((p, q) => p * q), rng);
      const w = randn(c.f * c.f * c.cin * c.cout, rng);
      const out = c.pad === 'same' ? Math.ceil(c.hw / c.stride) : Math.ceil((c.hw - c.f + 1) / c.stride);
      const ys = [2, out, out, c.cout];
      const dy = randn(ys.reduce((p, q) => p * q), rng);
      const [gx, gw] = tf.tidy(() => {
        const dyT = tf.tensor4d(dy, ys as [number, number, number, number]);
        const loss = (X: tf.Tensor, W: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(X as tf.Tensor4D, W as tf.Tensor4D, c.stride, c.pad), dyT));
        return tf.grads(loss)([tf.tensor4d(x, xs as [number, number, number, number]), tf.tensor4d(w, [c.f, c.f, c.cin, c.cout])]).map((g) => g.dataSync());
      });
      const padTotal = c.pad === 'same' ? Math.max((out - 1) * c.stride + c.f - c.hw, 0) : 0;
      const top = Math.floor(padTotal / 2);
      assertClose(gw, refConvFilterGrad(x, xs, dy, ys, c.f, c.cout, c.stride, top, top), TOL, `conv dW ${JSON.stringify(c)}`);
      assertClose(gx, refConvInputGrad(w, xs, dy, ys, c.f, c.cout, c.stride, top, top), TOL, `conv dx ${JSON.stringify(c)}`);
    }
  });

  it('the original kernels can be restored and give the same values (what the benchmark compares)', () => {
    const rng = new Rng(5);
    const a = randn(12 * 20, rng);
    const b = randn(9 * 20, rng);
    const run = () => tf.tidy(() => tf.matMul(tf.tensor2d(a, [12, 20]), tf.tensor2d(b, [9, 20]), false, true).dataSync());
    const fixed = run();
    uninstallWasmKernelFixes();
    assert.equal(wasmKernelFixesInstalled(), false);
    const original = run();
    installWasmKernelFixes();
    assert.equal(wasmKernelFixesInstalled(), true);
    assertClose(fixed, original, 1e-5, 'fixed vs original');
  });

  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tf.grad((W: tf.Tensor) => tf.sum(tf.conv2d(tf.ones([1, 6, 6, 2]) as tf.Tensor4D, W as tf.Tensor4D, 2, 'same')))(tf.ones([3, 3, 2, 2]) as tf.Tensor4D);
      tf.matMul(tf.ones([3, 4]), tf.ones([5, 4]), false, true);
    });
    assert.equal(tf.memory().numTensors, before);
  });
});
