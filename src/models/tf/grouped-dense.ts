/**
 * A dense layer with a per-group bias, y = act(x · W + bias[⌊r / groupRows⌋]) for x (M × K), W (K × N) and bias
 * (G × N), groupRows = M / G: the rVAE's spatial decoder adds each image's code row to its H·W pixel rows; G = 1 is
 * an ordinary dense layer. On wasm it runs the fused kernels of ./fused-dense-kernels.ts with their own gradient;
 * elsewhere (or with FERROLOOP_FUSED_DENSE=0) the same maths as tfjs ops.
 */
import * as tf from '@tensorflow/tfjs';
import { DENSE_GRAD_KERNEL, DENSE_KERNEL, fusedDenseAvailable, type FusedActivation, type FusedDenseAttrs } from './fused-dense-kernels.ts';

export type { FusedActivation } from './fused-dense-kernels.ts';

export interface GroupedDenseOptions {
  /**
   * False when x is data (a network's input): the backward pass then skips dx = D·Wᵀ and returns zeros for it —
   * one GEMM in three of a first layer's gradient. Never set it on a layer whose input carries a gradient.
   */
  readonly inputGrad?: boolean;
}

/** act(x · w + bias[⌊r / (M / G)⌋]) (M × N); throws when M is not a multiple of G. */
export function groupedDense(x: tf.Tensor2D, w: tf.Tensor2D, bias: tf.Tensor2D, activation: FusedActivation, options: GroupedDenseOptions = {}): tf.Tensor2D {
  const [M, K] = x.shape;
  const [G, N] = bias.shape;
  if (w.shape[0] !== K || w.shape[1] !== N) throw new Error(`groupedDense: x ${M}×${K}, w ${w.shape.join('×')}, bias ${G}×${N} do not fit`);
  if (G < 1 || M % G !== 0) throw new Error(`groupedDense: ${M} rows are not ${G} equal groups`);
  const groupRows = Math.max(1, M / G);
  if (fusedDenseAvailable()) return fusedGroupedDense(x, w, bias, { activation, groupRows, inputGrad: options.inputGrad === false ? 0 : 1 });
  return graphGroupedDense(x, w, bias, activation, groupRows);
}

/** The fused kernels behind tf.customGrad: the backward kernel returns dx, dw and dbias in one call. */
function fusedGroupedDense(x: tf.Tensor2D, w: tf.Tensor2D, bias: tf.Tensor2D, attrs: FusedDenseAttrs): tf.Tensor2D {
  const attrMap = attrs as unknown as tf.NamedAttrMap;
  const forward = (xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor, save: tf.GradSaveFunc) => {
    const y = tf.engine().runKernel(DENSE_KERNEL, { x: xi, w: wi, bias: bi }, attrMap) as tf.Tensor2D;
    save([xi, wi, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [xs, ws, ys] = saved;
        return tf.engine().runKernel(DENSE_GRAD_KERNEL, { dy: dy as tf.Tensor, x: xs, w: ws, y: ys }, attrMap) as tf.Tensor[];
      },
    };
  };
  const op = tf.customGrad(forward as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x, w, bias) as tf.Tensor2D;
}

/** The same layer as tfjs ops (any backend). */
export function graphGroupedDense(x: tf.Tensor2D, w: tf.Tensor2D, bias: tf.Tensor2D, activation: FusedActivation, groupRows: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [M] = x.shape;
    const [G, N] = bias.shape;
    const product = tf.matMul(x, w);
    const pre = G === 1
      ? tf.add(product, tf.reshape(bias, [N]))
      : tf.reshape(tf.add(tf.reshape(product, [G, groupRows, N]), tf.reshape(bias, [G, 1, N])), [M, N]);
    if (activation === 'tanh') return tf.tanh(pre) as tf.Tensor2D;
    if (activation === 'relu') return tf.relu(pre) as tf.Tensor2D;
    if (activation === 'elu') return tf.elu(pre) as tf.Tensor2D;
    return pre as tf.Tensor2D;
  });
}
