/**
 * Standardisation of im2spec / spec2im data: inputs by one global mean and std (patches keep their contrast,
 * spectra their shape); outputs by their per-value mean (so a zero output is the mean-spectrum / mean-patch
 * prediction) and one global std of the residuals.
 */

/** Input x ↦ (x − inputMean) / inputStd; output y ↦ (y − outputMean[k]) / outputStd. */
export interface Im2SpecScaling {
  readonly inputMean: number;
  readonly inputStd: number;
  /** Per output value (length outputs). */
  readonly outputMean: readonly number[];
  readonly outputStd: number;
}

/** Fits the scaling to N × inDim inputs and N × outputs outputs (rows `rows` only, all when omitted). */
export function fitScaling(inputs: ArrayLike<number>, outputs: ArrayLike<number>, count: number, rows?: ArrayLike<number>): Im2SpecScaling {
  const use = rows ?? Int32Array.from({ length: count }, (_, i) => i);
  const inDim = inputs.length / count;
  const outDim = outputs.length / count;
  let mean = 0;
  for (let r = 0; r < use.length; r++) for (let k = 0; k < inDim; k++) mean += inputs[use[r] * inDim + k];
  mean /= use.length * inDim;
  let variance = 0;
  for (let r = 0; r < use.length; r++) for (let k = 0; k < inDim; k++) variance += (inputs[use[r] * inDim + k] - mean) ** 2;
  const inputStd = Math.sqrt(variance / (use.length * inDim)) || 1;
  const outputMean = new Array<number>(outDim).fill(0);
  for (let r = 0; r < use.length; r++) for (let k = 0; k < outDim; k++) outputMean[k] += outputs[use[r] * outDim + k] / use.length;
  let residual = 0;
  for (let r = 0; r < use.length; r++) for (let k = 0; k < outDim; k++) residual += (outputs[use[r] * outDim + k] - outputMean[k]) ** 2;
  const outputStd = Math.sqrt(residual / (use.length * outDim)) || 1;
  return { inputMean: mean, inputStd, outputMean, outputStd };
}

/** Standardised inputs (same layout). */
export function scaleInputs(s: Im2SpecScaling, inputs: ArrayLike<number>): Float32Array {
  return Float32Array.from(inputs, (v) => (v - s.inputMean) / s.inputStd);
}

/** Standardised outputs (N × outputs). */
export function scaleOutputs(s: Im2SpecScaling, outputs: ArrayLike<number>): Float32Array {
  const k = s.outputMean.length;
  return Float32Array.from(outputs, (v, i) => (v - s.outputMean[i % k]) / s.outputStd);
}

/** Outputs back in data units (N × outputs). */
export function unscaleOutputs(s: Im2SpecScaling, scaled: ArrayLike<number>): Float32Array {
  const k = s.outputMean.length;
  return Float32Array.from(scaled, (v, i) => v * s.outputStd + s.outputMean[i % k]);
}
