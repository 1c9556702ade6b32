/**
 * Transposition-free matMul kernels for the wasm backend. tfjs-backend-wasm's BatchMatMul and _FusedMatMul are
 * ~10x slower with a transpose flag than without (measured: 256x900 · (128x900)ᵀ takes 17 ms vs 1.4 ms), and
 * every matMul gradient uses those flags. These wrappers materialise the transposes with the wasm Transpose
 * kernel and call the original kernel with both flags off, so forward and backward passes take the fast path.
 */
import * as tf from '@tensorflow/tfjs';

/** The subset of tfjs-backend-wasm's BackendWasm these kernels use. */
export interface WasmBackendLike {
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

type KernelFunc = (args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => tf.TensorInfo | tf.TensorInfo[];

/** Runs the registered wasm Transpose kernel swapping the last two axes; the caller disposes the result. */
export function transposeLastTwo(x: tf.TensorInfo, backend: unknown): tf.TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  const transpose = kernelFunc('Transpose');
  return transpose({ inputs: { x }, backend, attrs: { perm } }) as tf.TensorInfo;
}

/** The kernel function currently registered for `name` on wasm (throws when absent). */
export function kernelFunc(name: string): KernelFunc {
  const config = tf.getKernel(name, 'wasm');
  if (config === undefined) throw new Error(`wasm kernel ${name} is not registered`);
  return config.kernelFunc as unknown as KernelFunc;
}

/**
 * Wraps a matMul-like kernel (inputs a, b; attrs transposeA, transposeB) so that the wrapped kernel always
 * sees untransposed operands; other inputs and attributes pass through unchanged.
 */
export function transposeFreeMatMul(original: tf.KernelConfig): tf.KernelConfig {
  const inner = original.kernelFunc as unknown as KernelFunc;
  const wrapped: KernelFunc = (args) => {
    const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    if (!attrs.transposeA && !attrs.transposeB) return inner(args);
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const temps: tf.TensorInfo[] = [];
    const at = attrs.transposeA ? transposeLastTwo(a, args.backend) : a;
    if (at !== a) temps.push(at);
    const bt = attrs.transposeB ? transposeLastTwo(b, args.backend) : b;
    if (bt !== b) temps.push(bt);
    try {
      return inner({
        inputs: { ...args.inputs, a: at, b: bt },
        backend: args.backend,
        attrs: { ...args.attrs, transposeA: false, transposeB: false },
      });
    } finally {
      const backend = args.backend as WasmBackendLike;
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };
  return { ...original, kernelFunc: wrapped as unknown as tf.KernelFunc };
}
