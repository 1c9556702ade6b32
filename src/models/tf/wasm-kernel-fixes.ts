/**
 * Installs (and for benchmarks, removes) ferroloop's wasm kernel replacements: flag-free BatchMatMul and
 * _FusedMatMul (fast forward and gradient paths), the missing Conv2DBackpropFilter and a matMul-based
 * Conv2DBackpropInput (tfjs's is a slow direct loop).
 */
import * as tf from '@tensorflow/tfjs';
import { transposeFreeMatMul } from './wasm-matmul-kernels.ts';
import { conv2dBackpropFilterConfig } from './wasm-conv2d-backprop-filter.ts';
import { conv2dBackpropInputConfig } from './wasm-conv2d-backprop-input.ts';

const MATMUL_KERNELS = ['BatchMatMul', '_FusedMatMul'] as const;

/** Kernel configs that were registered before ours, keyed by kernel name (undefined = none existed). */
const originals = new Map<string, tf.KernelConfig | undefined>();

/** Replaces the wasm kernels (idempotent); returns the names of the kernels now provided by ferroloop. */
export function installWasmKernelFixes(): string[] {
  if (originals.size > 0) return [...originals.keys()];
  for (const name of MATMUL_KERNELS) {
    const original = tf.getKernel(name, 'wasm');
    if (original === undefined) continue;
    replace(name, transposeFreeMatMul(original));
    originals.set(name, original);
  }
  const existing = tf.getKernel('Conv2DBackpropFilter', 'wasm');
  const matMul = tf.getKernel('BatchMatMul', 'wasm');
  if (existing === undefined && matMul !== undefined) {
    replace('Conv2DBackpropFilter', conv2dBackpropFilterConfig(matMul));
    originals.set('Conv2DBackpropFilter', undefined);
  }
  const input = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (matMul !== undefined) {
    replace('Conv2DBackpropInput', conv2dBackpropInputConfig(matMul));
    originals.set('Conv2DBackpropInput', input);
  }
  return [...originals.keys()];
}

/** Restores tfjs's own wasm kernels (used by the benchmark to measure the unfixed path). */
export function uninstallWasmKernelFixes(): void {
  for (const [name, original] of originals) {
    tf.unregisterKernel(name, 'wasm');
    if (original !== undefined) tf.registerKernel(original);
  }
  originals.clear();
}

/** True while the replacements are installed. */
export function wasmKernelFixesInstalled(): boolean {
  return originals.size > 0;
}

function replace(name: string, config: tf.KernelConfig): void {
  if (tf.getKernel(name, 'wasm') !== undefined) tf.unregisterKernel(name, 'wasm');
  tf.registerKernel(config);
}
