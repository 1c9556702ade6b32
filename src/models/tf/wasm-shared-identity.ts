/**
 * tfjs-backend-wasm's Identity kernel copies its input; every tensor tfjs saves for a gradient goes through it
 * (engine.clone), so a dense layer's backward pass copied its input and output once per step. This kernel shares
 * the data and counts the reference instead — what wasm's own Reshape and the cpu backend's Identity do; kernels
 * never write into their inputs, so a shared buffer is never changed under a tensor. Strings keep the copy.
 */
import * as tf from '@tensorflow/tfjs';

interface RefCountingBackend {
  incRef(dataId: tf.DataId): void;
}

let installed = false;

/** Replaces the wasm Identity kernel by the sharing one (idempotent; only once the wasm backend is registered). */
export function installSharedIdentity(): void {
  if (installed) return;
  const original = tf.getKernel('Identity', 'wasm');
  if (original === undefined) return;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = (args.inputs as { x: tf.TensorInfo }).x;
      if (x.dtype === 'string') return original.kernelFunc(args);
      (args.backend as unknown as RefCountingBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
  installed = true;
}
