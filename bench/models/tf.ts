/**
 * TensorFlow.js figures of `npm run bench -- models`: matMul with a transpose flag vs the flag-free path (the
 * wasm fix), DKL fit at n = 200 on 16x16 patches, and VAE seconds per epoch on 7 500 x 900 trajectories, with
 * the wasm kernel fixes on and (matMul, VAE) off, measured in the same process.
 */
import * as tf from '@tensorflow/tfjs';
import { initTfBackend, type TfBackendInfo } from '../../src/models/tf/tf-backend.ts';
import { installWasmKernelFixes, uninstallWasmKernelFixes } from '../../src/models/tf/wasm-kernel-fixes.ts';
import { DklSurrogate } from '../../src/models/dkl/dkl-surrogate.ts';
import { TrajectoryVae } from '../../src/models/vae/vae.ts';
import { matrix, type Dataset } from '../../src/models/surrogate.ts';
import { generateTrajectorySet } from '../../src/sim/trajectories.ts';
import { Rng } from '../../src/sim/rng.ts';

/** Median ms of `reps` runs of f (result read back and disposed), after two warm-up runs. */
function timeMs(f: () => tf.Tensor, reps = 15): number {
  for (let i = 0; i < 2; i++) f().dispose();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const r = f();
    r.dataSync();
    r.dispose();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(reps / 2)];
}

/** matMul shapes of one VAE minibatch (batch 256, 900 → 128) in every transpose combination. */
export function benchMatMul(info: TfBackendInfo): void {
  const [m, k, n] = [256, 900, 128];
  const t = tf.tidy(() => ({ a: tf.randomNormal([m, k]), aT: tf.randomNormal([k, m]), b: tf.randomNormal([k, n]), bT: tf.randomNormal([n, k]) }));
  const plain = timeMs(() => tf.matMul(t.a, t.b));
  const cases = [
    ['A·Bᵀ', () => tf.matMul(t.a, t.bT, false, true)],
    ['Aᵀ·B', () => tf.matMul(t.aT, t.b, true, false)],
  ] as const;
  console.log(`matMul ${m}x${k}·${k}x${n} without flags: ${plain.toFixed(2)} ms`);
  for (const [name, f] of cases) {
    const fixed = timeMs(f);
    let line = `matMul ${name}: ${fixed.toFixed(2)} ms with the flag-free path (${(fixed / plain).toFixed(2)}x no-flag)`;
    if (info.tfName === 'wasm') {
      uninstallWasmKernelFixes();
      const original = timeMs(f);
      installWasmKernelFixes();
      line += `, ${original.toFixed(2)} ms with tfjs's kernel → original/fixed = ${(original / fixed).toFixed(1)}x`;
    }
    console.log(line);
  }
  tf.dispose(Object.values(t));
}

/** Oriented-stripe 16x16 patches with target cos 2θ (θ = stripe angle), seeded. */
export function stripePatches(n: number, h: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const X = new Float64Array(n * h * h);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const th = rng.uniformIn(0, Math.PI);
    const phase = rng.uniformIn(0, 2 * Math.PI);
    for (let r = 0; r < h; r++) for (let c = 0; c < h; c++) X[i * h * h + r * h + c] = Math.sin(0.9 * (r * Math.cos(th) + c * Math.sin(th)) + phase) + 0.1 * rng.normal();
    y[i] = Math.cos(2 * th);
  }
  return { X: matrix(n, h * h, X), y };
}

export async function benchDkl(): Promise<void> {
  const train = stripePatches(200, 16, 1);
  const test = stripePatches(1000, 16, 2);
  const model = new DklSurrogate({ extractor: 'cnn', patchShape: [16, 16], seed: 0 });
  const t0 = performance.now();
  const c0 = cpuSeconds();
  const fitted = await model.fit(train);
  const fitS = (performance.now() - t0) / 1000;
  const fitCpu = cpuSeconds() - c0;
  const t1 = performance.now();
  const post = fitted.posterior(test.X);
  const predS = (performance.now() - t1) / 1000;
  const rmse = Math.sqrt(post.mean.reduce((s, v, i) => s + (v - test.y[i]) ** 2, 0) / test.y.length);
  fitted.dispose();
  const gpRmse = await gpPatchRmse(train, test);
  console.log(`DKL (CNN 8-16-16 → 32-32 → 2, ${model.options.epochs} Adam steps) fit n = 200 on 16x16 patches: ${fitS.toFixed(2)} s wall, ${fitCpu.toFixed(2)} s CPU ` +
    `(${((1000 * fitS) / model.options.epochs).toFixed(1)} ms/step); posterior on 1 000 patches ${predS.toFixed(3)} s, held-out RMSE ${rmse.toFixed(3)} (target sd 0.71; exact RBF GP on the raw 256-D patches: ${gpRmse})`);
}

/** Held-out RMSE of the GP helper's exact RBF GP on the same patches, or a note when it is absent. */
async function gpPatchRmse(train: Dataset, test: Dataset): Promise<string> {
  try {
    const path = '../../src/models/gp/index.ts';
    const { GpSurrogate } = (await import(path)) as typeof import('../../src/models/gp/index.ts');
    const gp = await new GpSurrogate({ kernel: 'rbf' }).fit(train);
    const mean = gp.posterior(test.X).mean;
    gp.dispose();
    return Math.sqrt(mean.reduce((s, v, i) => s + (v - test.y[i]) ** 2, 0) / test.y.length).toFixed(3);
  } catch (err) {
    return `unavailable (${(err as Error).message.split('\n')[0]})`;
  }
}

/** Process CPU seconds so far (user + system): less sensitive than wall time to other jobs on a shared machine. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Mean wall and CPU s/epoch over epochs 2..epochs (epoch 1 includes warm-up). Every epoch trains on all 7 500
 * curves and then computes the monitored reconstruction MSE over them (validationFraction 0).
 */
async function vaeEpochSeconds(epochs: number): Promise<{ seconds: number; cpu: number; monitor: number; mse: number }> {
  const set = generateTrajectorySet(7500, 1);
  const cpuMarks: number[] = [];
  const monitor: number[] = [];
  let trainEnd = 0;
  const vae = await TrajectoryVae.train(
    { rows: set.count, cols: set.samples, data: set.curves },
    { epochs, seed: 0, validationFraction: 0, patience: epochs + 1 },
    {
      onBatch: (done, total) => {
        if (done === total) trainEnd = performance.now();
      },
      onEpoch: () => {
        monitor.push((performance.now() - trainEnd) / 1000);
        cpuMarks.push(cpuSeconds());
      },
    },
  );
  const h = vae.history;
  vae.dispose();
  const rest = h.slice(1);
  return {
    seconds: rest.reduce((s, r) => s + r.seconds, 0) / rest.length,
    cpu: (cpuMarks.at(-1)! - cpuMarks[0]) / rest.length,
    monitor: monitor.slice(1).reduce((a, b) => a + b, 0) / rest.length,
    mse: h.at(-1)!.monitoredMse,
  };
}

export async function benchVae(info: TfBackendInfo, epochs: number): Promise<void> {
  const fixed = await vaeEpochSeconds(epochs);
  console.log(`VAE 900→128→2→128→900, batch 256, 7 500 x 900: ${fixed.seconds.toFixed(2)} s/epoch wall, ${fixed.cpu.toFixed(2)} s CPU ` +
    `(target ≤ 1.5 on wasm; PyTorch 0.45), of which ${fixed.monitor.toFixed(2)} s wall is the reconstruction-MSE pass over all 7 500; ` +
    `MSE after ${epochs} epochs ${fixed.mse.toFixed(3)} (standardised)`);
  if (info.tfName !== 'wasm') return;
  uninstallWasmKernelFixes();
  try {
    const original = await vaeEpochSeconds(Math.min(epochs, 3));
    console.log(`VAE with tfjs's own wasm matMul kernels: ${original.seconds.toFixed(2)} s/epoch wall, ${original.cpu.toFixed(2)} s CPU → ` +
      `fixed is ${(original.cpu / fixed.cpu).toFixed(1)}x faster (CPU)`);
  } finally {
    installWasmKernelFixes();
  }
}

/** Runs the tf benchmarks; args: `--vae-epochs N` (default 3). */
export async function benchTf(args: readonly string[] = []): Promise<void> {
  const info = await initTfBackend();
  const i = args.indexOf('--vae-epochs');
  const epochs = i >= 0 ? Math.max(2, Number(args[i + 1])) : 3;
  benchMatMul(info);
  await benchDkl();
  await benchVae(info, epochs);
}
