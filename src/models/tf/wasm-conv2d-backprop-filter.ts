/**
 * Conv2DBackpropFilter for the wasm backend (tfjs-backend-wasm 4.22 has none, so conv2d filter gradients throw).
 * im2col in JS straight into the transposed patch matrix colT (K x N, K = fh·fw·cin, N = batch·outH·outW),
 * then one flag-free wasm matMul: dW (K x cout) = colT · dy (N x cout), reshaped to the filter's [fh, fw, cin, cout].
 */
import * as tf from '@tensorflow/tfjs';
import { kernelFunc, type WasmBackendLike } from './wasm-matmul-kernels.ts';

interface BackpropFilterAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/** Kernel config registering the im2col Conv2DBackpropFilter on wasm; `matMul` is the flag-free BatchMatMul. */
export function conv2dBackpropFilterConfig(matMul: tf.KernelConfig): tf.KernelConfig {
  const matMulFunc = matMul.kernelFunc as unknown as (args: object) => tf.TensorInfo;
  const func = (args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo => {
    const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const attrs = args.attrs as unknown as BackpropFilterAttrs;
    if (attrs.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter (wasm): only NHWC is supported');
    if (x.dtype !== 'float32') throw new Error('Conv2DBackpropFilter (wasm): only float32 is supported');
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      attrs.filterShape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      'channelsLast',
    );
    const backend = args.backend as WasmBackendLike;
    const K = info.filterHeight * info.filterWidth * info.inChannels;
    const N = info.batchSize * info.outHeight * info.outWidth;
    const colT = backend.makeOutput([K, N], 'float32');
    // Views are taken after makeOutput: growing the wasm heap detaches earlier views.
    fillTransposedPatches(backend.typedArrayFromHeap(colT), backend.typedArrayFromHeap(x), info);
    try {
      const dy2d: tf.TensorInfo = { dataId: dy.dataId, shape: [N, info.outChannels], dtype: dy.dtype };
      const out = matMulFunc({ inputs: { a: colT, b: dy2d }, backend, attrs: { transposeA: false, transposeB: false } });
      out.shape = [...attrs.filterShape];
      return out;
    } finally {
      backend.disposeData(colT.dataId);
    }
  };
  return { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: func as unknown as tf.KernelFunc };
}

/** colT[(fy·fw + fx)·cin + c][(b·outH + oy)·outW + ox] = x[b, oy·sh + fy − top, ox·sw + fx − left, c] (0 outside). */
export function fillTransposedPatches(colT: Float32Array, x: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels: cin, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;
  const N = batchSize * outHeight * outWidth;
  for (let fy = 0; fy < info.filterHeight; fy++) {
    for (let fx = 0; fx < info.filterWidth; fx++) {
      for (let c = 0; c < cin; c++) {
        const row = ((fy * info.filterWidth + fx) * cin + c) * N;
        let n = 0;
        for (let b = 0; b < batchSize; b++) {
          for (let oy = 0; oy < outHeight; oy++) {
            const iy = oy * strideHeight + fy - top;
            const inRow = iy >= 0 && iy < inHeight;
            const base = ((b * inHeight + iy) * inWidth) * cin + c;
            for (let ox = 0; ox < outWidth; ox++, n++) {
              const ix = ox * strideWidth + fx - left;
              colT[row + n] = inRow && ix >= 0 && ix < inWidth ? x[base + ix * cin] : 0;
            }
          }
        }
      }
    }
  }
}
