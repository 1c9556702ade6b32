/**
 * Adam with tfjs's AdamOptimizer semantics (same moments, bias corrections and ε), whose update runs as one wasm
 * SIMD pass per variable (./wasm/adam-simd.wat, kernel `FerroloopAdam`) where the backend is wasm — tfjs's Adam
 * runs ~15 kernels per variable per step. Elsewhere (or FERROLOOP_FUSED_DENSE=0) the same maths as tfjs ops.
 * Bias corrections are kept in float64 (tfjs keeps β^t in float32 tensors: the updates agree to float32 rounding).
 */
import * as tf from '@tensorflow/tfjs';
import { WASM_BASE64 } from './wasm/adam-simd.wasm.ts';
import { fusedDenseAvailable } from './fused-dense-kernels.ts';

export const ADAM_KERNEL = 'FerroloopAdam';

export interface AdamSimdExports {
  adam(p: number, m: number, v: number, g: number, op: number, om: number, ov: number, n: number, lr: number, b1: number, b2: number, eps: number, c1: number, c2: number): void;
}

export interface WasmBackendHeap {
  wasm: { asm?: { memory?: WebAssembly.Memory } };
  dataIdMap: { get(id: tf.DataId): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/** Attributes of the kernel: learning rate, β1, β2, ε and the bias corrections c1 = 1/(1−β1^t), c2 = 1/(1−β2^t). */
interface AdamAttrs {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  c1: number;
  c2: number;
}

const instances = new WeakMap<WebAssembly.Memory, AdamSimdExports>();

/** The Adam module instantiated on the backend's heap (one per heap). */
export function adamSimdFor(backend: WasmBackendHeap): AdamSimdExports {
  const memory = backend.wasm.asm!.memory!;
  let exports = instances.get(memory);
  if (exports === undefined) {
    exports = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(WASM_BASE64, 'base64')), { env: { memory } }).exports as unknown as AdamSimdExports;
    instances.set(memory, exports);
  }
  return exports;
}

/** param, m, v, grad (same shape) → [param′, m′, v′]. */
function adamKernel({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo[] {
  const be = backend as WasmBackendHeap;
  const { param, m, v, grad } = inputs as { param: tf.TensorInfo; m: tf.TensorInfo; v: tf.TensorInfo; grad: tf.TensorInfo };
  const a = attrs as unknown as AdamAttrs;
  const at = (t: tf.TensorInfo) => be.dataIdMap.get(t.dataId)!.memoryOffset;
  const outs = [be.makeOutput(param.shape, 'float32'), be.makeOutput(param.shape, 'float32'), be.makeOutput(param.shape, 'float32')];
  const n = param.shape.reduce((p, d) => p * d, 1);
  adamSimdFor(be).adam(at(param), at(m), at(v), at(grad), at(outs[0]), at(outs[1]), at(outs[2]), n, a.lr, a.beta1, a.beta2, a.epsilon, a.c1, a.c2);
  return outs;
}

function fusedAdamAvailable(): boolean {
  if (!fusedDenseAvailable()) return false;
  if (tf.getKernel(ADAM_KERNEL, 'wasm') === undefined) tf.registerKernel({ kernelName: ADAM_KERNEL, backendName: 'wasm', kernelFunc: adamKernel as unknown as tf.KernelFunc });
  return true;
}

/** Adam (defaults β1 0.9, β2 0.999, ε = the backend's epsilon, 1e-7 for float32), one fused pass per variable on wasm. */
export class FusedAdam extends tf.Optimizer {
  /** @nocollapse */
  static get className(): string {
    return 'FerroloopFusedAdam';
  }

  /** Read on every step; training loops lower it on plateaus. */
  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private steps = 0;
  private readonly moments = new Map<string, { m: tf.Variable; v: tf.Variable }>();

  constructor(learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon?: number) {
    super();
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon ?? tf.backend().epsilon();
  }

  applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const list = Array.isArray(variableGradients) ? variableGradients : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    this.steps++;
    const attrs: AdamAttrs = {
      lr: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      c1: 1 / (1 - this.beta1 ** this.steps),
      c2: 1 / (1 - this.beta2 ** this.steps),
    };
    const fused = fusedAdamAvailable();
    tf.tidy(() => {
      for (const { name, tensor: grad } of list) {
        if (grad == null) continue;
        const param = tf.engine().registeredVariables[name];
        let state = this.moments.get(name);
        if (state === undefined) {
          state = tf.tidy(() => ({ m: tf.zerosLike(param).variable(false), v: tf.zerosLike(param).variable(false) }));
          this.moments.set(name, state);
        }
        const [p2, m2, v2] = fused
          ? (tf.engine().runKernel(ADAM_KERNEL, { param, m: state.m, v: state.v, grad }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[])
          : graphAdam(param, state.m, state.v, grad, attrs);
        state.m.assign(m2);
        state.v.assign(v2);
        param.assign(p2);
      }
    });
    this.incrementIterations();
  }

  override dispose(): void {
    for (const { m, v } of this.moments.values()) tf.dispose([m, v]);
    this.moments.clear();
  }

  override async getWeights(): Promise<{ name: string; tensor: tf.Tensor }[]> {
    const out: { name: string; tensor: tf.Tensor }[] = [];
    for (const [name, { m, v }] of this.moments) out.push({ name: `${name}/m`, tensor: m }, { name: `${name}/v`, tensor: v });
    return out;
  }

  override async setWeights(): Promise<void> {
    throw new Error('FusedAdam: restoring optimizer state is not supported (training restarts from zero moments)');
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

/** The same update as tfjs ops. */
function graphAdam(param: tf.Tensor, m: tf.Tensor, v: tf.Tensor, grad: tf.Tensor, a: AdamAttrs): tf.Tensor[] {
  const m2 = tf.add(tf.mul(m, a.beta1), tf.mul(grad, 1 - a.beta1));
  const v2 = tf.add(tf.mul(v, a.beta2), tf.mul(tf.square(grad), 1 - a.beta2));
  const step = tf.div(tf.mul(m2, a.c1), tf.add(tf.sqrt(tf.mul(v2, a.c2)), a.epsilon));
  return [tf.sub(param, tf.mul(step, a.lr)), m2, v2];
}
