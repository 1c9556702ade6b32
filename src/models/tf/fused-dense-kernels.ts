/**
 * tfjs kernels `FerroloopDense` and `FerroloopDenseGrad` for the wasm backend: a dense layer y = act(x · W + bias[g])
 * with a per-group bias (rows r of group ⌊r / groupRows⌋ share one bias row) and its whole backward pass, run by
 * ./wasm/dense-simd.wat on tfjs-backend-wasm's own heap. The module imports tfjs's WebAssembly.Memory, so tensors
 * are read and written in place: one GEMM forward, two backward, activation and bias sums fused in single passes —
 * where tfjs's graph runs transposes, broadcasts, a scalar tanh and reductions as separate kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { WASM_BASE64, WASM_FMA_BASE64 } from './wasm/dense-simd.wasm.ts';
import { relaxedSimdAvailable } from './wasm-relaxed-simd.ts';
import { installSharedIdentity } from './wasm-shared-identity.ts';

/** Activations the fused kernels implement (codes as in dense-simd.wat). */
export const FUSED_ACTIVATIONS = { linear: 0, tanh: 1, relu: 2, elu: 3 } as const;
export type FusedActivation = keyof typeof FUSED_ACTIVATIONS;

/** dense-simd.wat's exports (pointers are byte offsets into tfjs's heap). */
export interface DenseSimdExports {
  gemm(a: number, aRow: number, aStep: number, b: number, bStep: number, c: number, cRow: number, rows: number, cols: number, steps: number, acc: number): void;
  biasAct(c: number, bias: number, rows: number, cols: number, groupRows: number, act: number): void;
  tanhInPlace(p: number, n: number): void;
  actGrad(d: number, y: number, n: number, act: number): void;
  groupColSum(x: number, out: number, rows: number, cols: number, groupRows: number): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
  rowDots(a: number, aRow: number, w: number, wRow: number, out: number, outRow: number, rows: number, cols: number, len: number): void;
}

/** The subset of tfjs-backend-wasm's BackendWasm the kernels use. */
interface WasmBackendHeap {
  wasm: { asm?: { memory?: WebAssembly.Memory }; HEAPU8: Uint8Array };
  dataIdMap: { get(id: tf.DataId): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
}

export const DENSE_KERNEL = 'FerroloopDense';
export const DENSE_GRAD_KERNEL = 'FerroloopDenseGrad';

/** Products with fewer output columns than this use row dot products instead of the 5×8 GEMM tiles. */
const NARROW = 8;

/** Rows of the reduction processed per GEMM call in Xᵀ·D (keeps both row blocks in L2: 2 · 256 · N · 4 bytes). */
const TN_BLOCK_ROWS = 256;

const instances = new WeakMap<WebAssembly.Memory, DenseSimdExports>();

/** The module (its FMA variant where relaxed SIMD compiles) instantiated on the backend's heap (one per heap), or null where that heap is not reachable. */
export function denseSimdFor(backend: unknown): DenseSimdExports | null {
  const memory = (backend as Partial<WasmBackendHeap>).wasm?.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) return null;
  let exports = instances.get(memory);
  if (exports === undefined) {
    const module = new WebAssembly.Module(Buffer.from(relaxedSimdAvailable() ? WASM_FMA_BASE64 : WASM_BASE64, 'base64'));
    exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as DenseSimdExports;
    instances.set(memory, exports);
  }
  return exports;
}

/** True when the fused kernels can run on the current backend (wasm with a reachable heap, env not opting out). */
export function fusedDenseAvailable(): boolean {
  if (process.env.FERROLOOP_FUSED_DENSE === '0' || tf.getBackend() !== 'wasm') return false;
  if (tf.getKernel(DENSE_KERNEL, 'wasm') === undefined) {
    if (denseSimdFor(tf.backend()) === null) return false;
    registerFusedDenseKernels();
  }
  return true;
}

/** Registers both kernels on wasm (idempotent), and the data-sharing Identity (./wasm-shared-identity.ts). */
export function registerFusedDenseKernels(): void {
  installSharedIdentity();
  if (tf.getKernel(DENSE_KERNEL, 'wasm') === undefined) tf.registerKernel({ kernelName: DENSE_KERNEL, backendName: 'wasm', kernelFunc: denseForward as unknown as tf.KernelFunc });
  if (tf.getKernel(DENSE_GRAD_KERNEL, 'wasm') === undefined) tf.registerKernel({ kernelName: DENSE_GRAD_KERNEL, backendName: 'wasm', kernelFunc: denseBackward as unknown as tf.KernelFunc });
}

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}

/** Attributes of both kernels. */
export interface FusedDenseAttrs {
  activation: FusedActivation;
  /** Rows sharing one bias row: rows / groups. */
  groupRows: number;
  /** 0: x is data, the backward kernel returns dx as zeros without computing it (absent: 1). */
  inputGrad?: number;
}

function offset(backend: WasmBackendHeap, t: tf.TensorInfo): number {
  const data = backend.dataIdMap.get(t.dataId);
  if (data === undefined) throw new Error(`${DENSE_KERNEL}: tensor data is not on the wasm heap`);
  return data.memoryOffset;
}

/**
 * y = act(x · W + bias[⌊r / groupRows⌋]) on heap pointers (byte offsets): x (M × K), w (K × N), bias (G × N), y (M × N);
 * `wT` is N × K scratch, used when N is narrow (rows of Wᵀ are W's columns; for N = 1, W itself).
 */
export function denseForwardAt(k: DenseSimdExports, x: number, w: number, wT: number, bias: number, y: number, M: number, K: number, N: number, groupRows: number, act: number): void {
  if (N < NARROW) {
    if (N !== 1) k.transpose(w, wT, K, N);
    k.rowDots(x, K * 4, N === 1 ? w : wT, K * 4, y, N * 4, M, N, K);
  } else {
    k.gemm(x, K * 4, 4, w, N * 4, y, N * 4, M, N, K, 0);
  }
  k.biasAct(y, bias, M, N, groupRows, act);
}

/**
 * Given D = dL/d(pre-activation) (M × N) and the layer's input x (M × K) and W (K × N), on heap pointers: dw = Xᵀ·D
 * (K × N, blocked over rows so both row blocks stay in cache; for N = 1 as dWᵀ = Dᵀ·X), dbias (G × N) the per-group
 * column sums, and dx = D·Wᵀ (M × K) unless dx is undefined (row dot products with W's rows when K is narrow, else a
 * GEMM with Wᵀ in the N × K scratch `wT`). Transposing each X block first and running the NN product was slower in
 * the trajectory VAE's step (12 vs 8.6 ms).
 */
export function denseBackwardAt(k: DenseSimdExports, d: number, x: number, w: number, wT: number, dw: number, dbias: number, dx: number | undefined, M: number, K: number, N: number, groupRows: number): void {
  for (let r0 = 0; r0 < M; r0 += TN_BLOCK_ROWS) {
    const rows = Math.min(TN_BLOCK_ROWS, M - r0);
    const acc = r0 === 0 ? 0 : 1;
    if (N === 1) k.gemm(d + r0 * 4, 4, 4, x + r0 * K * 4, K * 4, dw, K * 4, 1, K, rows, acc);
    else k.gemm(x + r0 * K * 4, 4, K * 4, d + r0 * N * 4, N * 4, dw, N * 4, K, N, rows, acc);
  }
  k.groupColSum(d, dbias, M, N, groupRows);
  if (dx === undefined) return;
  if (K < NARROW) {
    k.rowDots(d, N * 4, w, N * 4, dx, K * 4, M, K, N);
  } else {
    k.transpose(w, wT, K, N);
    k.gemm(d, N * 4, 4, wT, K * 4, dx, K * 4, M, K, N, 0);
  }
}

/** x (M × K), w (K × N), bias (G × N) → y (M × N). */
function denseForward({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const be = backend as WasmBackendHeap;
  const k = denseSimdFor(be)!;
  const { x, w, bias } = inputs as { x: tf.TensorInfo; w: tf.TensorInfo; bias: tf.TensorInfo };
  const { activation, groupRows } = attrs as unknown as FusedDenseAttrs;
  const [M, K] = x.shape;
  const N = w.shape[1];
  const y = be.makeOutput([M, N], 'float32');
  const wT = N < NARROW && N !== 1 ? be.makeOutput([N, K], 'float32') : undefined;
  try {
    denseForwardAt(k, offset(be, x), offset(be, w), wT ? offset(be, wT) : 0, offset(be, bias), offset(be, y), M, K, N, groupRows, FUSED_ACTIVATIONS[activation]);
  } finally {
    if (wT) be.disposeData(wT.dataId);
  }
  return y;
}

/** dy, x, w, y → [dx (M × K), dw (K × N), dbias (G × N)]. */
function denseBackward({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const be = backend as WasmBackendHeap;
  const k = denseSimdFor(be)!;
  const { dy, x, w, y } = inputs as { dy: tf.TensorInfo; x: tf.TensorInfo; w: tf.TensorInfo; y: tf.TensorInfo };
  const { activation, groupRows, inputGrad } = attrs as unknown as FusedDenseAttrs;
  const [M, K] = x.shape;
  const N = w.shape[1];
  const groups = Math.ceil(M / groupRows);
  const temps: tf.TensorInfo[] = [];
  // D = dy ⊙ act′(y): a copy of dy scaled in place (dy itself for the linear activation).
  let d = dy;
  if (activation !== 'linear') {
    d = be.makeOutput([M, N], 'float32');
    temps.push(d);
    be.wasm.HEAPU8.copyWithin(offset(be, d), offset(be, dy), offset(be, dy) + M * N * 4);
    k.actGrad(offset(be, d), offset(be, y), M * N, FUSED_ACTIVATIONS[activation]);
  }
  const dx = be.makeOutput([M, K], 'float32');
  const dw = be.makeOutput([K, N], 'float32');
  const dbias = be.makeOutput([groups, N], 'float32');
  try {
    const wT = inputGrad !== 0 && K >= NARROW ? be.makeOutput([N, K], 'float32') : undefined;
    if (wT) temps.push(wT);
    denseBackwardAt(k, offset(be, d), offset(be, x), offset(be, w), wT ? offset(be, wT) : 0, offset(be, dw), offset(be, dbias), inputGrad === 0 ? undefined : offset(be, dx), M, K, N, groupRows);
    const pdw = offset(be, dw);
    if (M === 0) be.wasm.HEAPU8.fill(0, pdw, pdw + K * N * 4);
    // A network's data input gets zeros for its (unused) gradient.
    if (inputGrad === 0) be.wasm.HEAPU8.fill(0, offset(be, dx), offset(be, dx) + M * K * 4);
  } finally {
    for (const t of temps) be.disposeData(t.dataId);
  }
  return [dx, dw, dbias];
}
