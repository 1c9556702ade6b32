/**
 * The trajectory VAE's whole training step as one pass of ferroloop's wasm kernels on tfjs's heap — forward,
 * negative ELBO, backward and Adam — with no tfjs op in between: the same dense kernels (dense-simd.wat) and Adam
 * update (adam-simd.wat) the tfjs path runs, minus tfjs's per-op bookkeeping, which was a third of a step. Weights
 * and Adam moments live in this object's buffers; `syncToVariables` copies the weights back to the network's
 * tf.Variables (before a snapshot, a save or the monitoring pass). Where the fused kernels are unavailable
 * (`create` returns null) training stays on tfjs ops.
 */
import * as tf from '@tensorflow/tfjs';
import { denseBackwardAt, denseForwardAt, denseSimdFor, fusedDenseAvailable, FUSED_ACTIVATIONS, type DenseSimdExports } from '../tf/fused-dense-kernels.ts';
import { adamSimdFor } from '../tf/fused-adam.ts';
import type { DenseLayer } from '../tf/dense.ts';
import type { VaeNetwork } from './vae-network.ts';

/** tfjs-backend-wasm's allocator and heap, as the fused kernels use them. */
interface WasmHeap {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(id: tf.DataId): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
}

/** A float32 buffer on the heap: byte offset and length. */
interface Buffer32 {
  readonly info: tf.TensorInfo;
  readonly at: number;
  readonly n: number;
}

/** One dense layer's parameters, gradients, Adam moments and the scratch its pass needs. */
interface FusedLayer {
  readonly source: DenseLayer;
  readonly K: number;
  readonly N: number;
  readonly act: number;
  readonly w: Buffer32;
  readonly b: Buffer32;
  readonly gw: Buffer32;
  readonly gb: Buffer32;
  readonly mw: Buffer32;
  readonly vw: Buffer32;
  readonly mb: Buffer32;
  readonly vb: Buffer32;
  /** Wᵀ (N × K), rebuilt when the pass needs it. */
  readonly wT: Buffer32;
  /** This layer's output for a batch (B × N), and the gradient at its input (B × K). */
  readonly out: Buffer32;
  readonly dIn: Buffer32;
}

/** Adam's constants (tfjs defaults; ε = the float32 backend epsilon). */
export interface FusedAdamSettings {
  learningRate: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

export class FusedVaeStep {
  private steps = 0;
  private readonly buffers: Buffer32[] = [];
  private readonly layers: FusedLayer[];
  private readonly encoderCount: number;
  private readonly decoderStart: number;
  private readonly latent: number;
  private readonly input: Buffer32;
  private readonly head: Buffer32;
  private readonly z: Buffer32;
  private readonly dz: Buffer32;
  private readonly dHead: Buffer32;
  private readonly dOut: Buffer32;
  learningRate: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;

  private constructor(
    private readonly net: VaeNetwork,
    private readonly batch: number,
    private readonly be: WasmHeap,
    private readonly k: DenseSimdExports,
    private readonly adam: ReturnType<typeof adamSimdFor>,
    adamSettings: FusedAdamSettings,
  ) {
    this.learningRate = adamSettings.learningRate;
    this.beta1 = adamSettings.beta1 ?? 0.9;
    this.beta2 = adamSettings.beta2 ?? 0.999;
    this.epsilon = adamSettings.epsilon ?? tf.backend().epsilon();
    const all = [...net.encoder, net.head, ...net.decoder];
    this.encoderCount = net.encoder.length;
    this.decoderStart = net.encoder.length + 1;
    this.latent = net.arch.latentDim;
    this.layers = all.map((layer) => this.layer(layer));
    this.input = this.alloc(batch * net.arch.inputDim);
    this.head = this.layers[this.encoderCount].out;
    this.z = this.alloc(batch * this.latent);
    this.dz = this.alloc(batch * this.latent);
    this.dHead = this.alloc(batch * 2 * this.latent);
    this.dOut = this.alloc(batch * net.arch.inputDim);
  }

  /** The fused step for `net` and minibatches of at most `batch` rows, or null where the fused kernels cannot run. */
  static create(net: VaeNetwork, batch: number, adam: FusedAdamSettings): FusedVaeStep | null {
    if (!fusedDenseAvailable()) return null;
    const be = tf.backend() as unknown as WasmHeap;
    const k = denseSimdFor(be);
    if (k === null) return null;
    return new FusedVaeStep(net, batch, be, k, adamSimdFor(be as unknown as Parameters<typeof adamSimdFor>[0]), adam);
  }

  /**
   * One Adam step on rows (B × D, standardised) with reparameterisation noise eps (B × latent): loss = ½Σ(x̂−x)²/σ²/B
   * + β·KL/B as the tfjs path computes it; returns [negative ELBO, MSE per element, KL] of the batch.
   */
  step(rows: Float32Array, eps: Float32Array, beta: number, sigma: number): [number, number, number] {
    const D = this.net.arch.inputDim;
    const L = this.latent;
    const B = rows.length / D;
    if (!Number.isInteger(B) || B < 1 || B > this.batch || eps.length !== B * L) throw new RangeError(`fused VAE step: ${rows.length} values and ${eps.length} noise values for batches of ≤ ${this.batch} × ${D}`);
    this.view(this.input).set(rows);
    // Encoder and head.
    let x = this.input.at;
    for (let i = 0; i <= this.encoderCount; i++) {
      this.forward(this.layers[i], x, B);
      x = this.layers[i].out.at;
    }
    // z = μ + exp(½ log σ²) ε.
    const head = this.view(this.head);
    const z = this.view(this.z);
    let kl = 0;
    for (let r = 0; r < B; r++) {
      for (let j = 0; j < L; j++) {
        const mu = head[r * 2 * L + j];
        const lv = head[r * 2 * L + L + j];
        z[r * L + j] = mu + Math.fround(Math.exp(lv * 0.5)) * eps[r * L + j];
        kl += 1 + lv - mu * mu - Math.exp(lv);
      }
    }
    kl *= -0.5 / B;
    // Decoder.
    x = this.z.at;
    for (let i = this.decoderStart; i < this.layers.length; i++) {
      this.forward(this.layers[i], x, B);
      x = this.layers[i].out.at;
    }
    // Σ(x̂ − x)² and its gradient 2(x̂ − x) · ½/(σ²B).
    const out = this.view(this.layers.at(-1)!.out, B * D);
    const dOut = this.view(this.dOut, B * D);
    const scale = 1 / (sigma * sigma * B);
    let sse = 0;
    for (let i = 0; i < B * D; i++) {
      const diff = out[i] - rows[i];
      sse += diff * diff;
      dOut[i] = diff * scale;
    }
    // Backward: decoder (top to bottom), then the latent, head and encoder.
    let d = this.dOut.at;
    for (let i = this.layers.length - 1; i >= this.decoderStart; i--) {
      const below = i === this.decoderStart ? this.z.at : this.layers[i - 1].out.at;
      this.backward(this.layers[i], d, below, B, i === this.decoderStart ? this.dz.at : this.layers[i].dIn.at);
      if (i > this.decoderStart) {
        this.k.actGrad(this.layers[i].dIn.at, this.layers[i - 1].out.at, B * this.layers[i - 1].N, this.layers[i - 1].act);
        d = this.layers[i].dIn.at;
      }
    }
    const dz = this.view(this.dz);
    const dHead = this.view(this.dHead);
    for (let r = 0; r < B; r++) {
      for (let j = 0; j < L; j++) {
        const mu = head[r * 2 * L + j];
        const lv = head[r * 2 * L + L + j];
        const g = dz[r * L + j];
        dHead[r * 2 * L + j] = g + (beta * mu) / B;
        dHead[r * 2 * L + L + j] = g * eps[r * L + j] * 0.5 * Math.exp(lv * 0.5) + (beta * 0.5 * (Math.exp(lv) - 1)) / B;
      }
    }
    d = this.dHead.at;
    for (let i = this.encoderCount; i >= 0; i--) {
      const below = i === 0 ? this.input.at : this.layers[i - 1].out.at;
      this.backward(this.layers[i], d, below, B, i === 0 ? undefined : this.layers[i].dIn.at);
      if (i > 0) {
        this.k.actGrad(this.layers[i].dIn.at, this.layers[i - 1].out.at, B * this.layers[i - 1].N, this.layers[i - 1].act);
        d = this.layers[i].dIn.at;
      }
    }
    this.update();
    const recon = (0.5 * sse) / (sigma * sigma * B);
    return [recon + beta * kl, sse / (B * D), kl];
  }

  /** Copies the weights into the network's tf.Variables. */
  syncToVariables(): void {
    for (const l of this.layers) {
      tf.tidy(() => {
        l.source.kernel.assign(tf.tensor2d(this.view(l.w).slice(), [l.K, l.N]));
        l.source.bias.assign(tf.tensor1d(this.view(l.b).slice()));
      });
    }
  }

  /** Frees every heap buffer; the network's variables are left as last synced. */
  dispose(): void {
    for (const b of this.buffers) this.be.disposeData(b.info.dataId);
    this.buffers.length = 0;
  }

  private layer(source: DenseLayer): FusedLayer {
    const [K, N] = source.kernel.shape as [number, number];
    const w = this.alloc(K * N);
    const b = this.alloc(N);
    this.view(w).set(source.kernel.dataSync() as Float32Array);
    this.view(b).set(source.bias.dataSync() as Float32Array);
    return {
      source, K, N, act: FUSED_ACTIVATIONS[source.activation], w, b,
      gw: this.alloc(K * N), gb: this.alloc(N), mw: this.alloc(K * N), vw: this.alloc(K * N), mb: this.alloc(N), vb: this.alloc(N),
      wT: this.alloc(K * N), out: this.alloc(this.batch * N), dIn: this.alloc(this.batch * K),
    };
  }

  /** out = act(x · W + b) for B rows (fused-dense-kernels' forward pass). */
  private forward(l: FusedLayer, x: number, B: number): void {
    denseForwardAt(this.k, x, l.w.at, l.wT.at, l.b.at, l.out.at, B, l.K, l.N, B, l.act);
  }

  /** Given D = dL/d(pre-activation) (B × N) and the layer input x: gw, gb and, when dx is given, dL/dx (fused-dense-kernels' backward pass). */
  private backward(l: FusedLayer, d: number, x: number, B: number, dx: number | undefined): void {
    denseBackwardAt(this.k, d, x, l.w.at, l.wT.at, l.gw.at, l.gb.at, dx, B, l.K, l.N, B);
  }

  /** Adam on every parameter, in place. */
  private update(): void {
    this.steps++;
    const c1 = 1 / (1 - this.beta1 ** this.steps);
    const c2 = 1 / (1 - this.beta2 ** this.steps);
    for (const l of this.layers) {
      for (const [p, g, m, v] of [[l.w, l.gw, l.mw, l.vw], [l.b, l.gb, l.mb, l.vb]] as const) {
        this.adam.adam(p.at, m.at, v.at, g.at, p.at, m.at, v.at, p.n, this.learningRate, this.beta1, this.beta2, this.epsilon, c1, c2);
      }
    }
  }

  private alloc(n: number): Buffer32 {
    const info = this.be.makeOutput([n], 'float32');
    const at = this.be.dataIdMap.get(info.dataId)!.memoryOffset;
    const b = { info, at, n };
    new Float32Array(this.be.wasm.HEAPU8.buffer, at, n).fill(0);
    this.buffers.push(b);
    return b;
  }

  /** A view of a buffer on the current heap (the heap's ArrayBuffer is replaced when the memory grows). */
  private view(b: Buffer32, n = b.n): Float32Array {
    return new Float32Array(this.be.wasm.HEAPU8.buffer, b.at, n);
  }
}
