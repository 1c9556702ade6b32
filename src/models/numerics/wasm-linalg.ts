/**
 * WebAssembly SIMD (f64x2) versions of the O(n³) and O(m·n²) GP kernels: Cholesky, L⁻ᵀ, U Uᵀ and the
 * posterior-variance quadratic forms. One module instance per thread; inputs are copied into its memory
 * (O(n²), negligible next to the O(n³) work). `FERROLOOP_LINALG=js` forces the plain TypeScript paths.
 */
import { WASM_BASE64 } from './wasm/linalg-simd.wasm.ts';

export interface LinalgExports {
  readonly memory: WebAssembly.Memory;
  dot(a: number, b: number, len: number): number;
  cholesky(A: number, L: number, n: number, jitter: number): number;
  inverseLowerTransposed(L: number, U: number, n: number): void;
  upperGram(U: number, A: number, n: number): void;
  quadForms(M: number, K: number, s: number, m: number, out: number): void;
  crossKernel(Za: number, ZbT: number, m: number, s: number, d: number, kind: number, s2: number, out: number): void;
  exp2(p: number): void;
}
type Exports = LinalgExports;

let instance: Exports | null | undefined;

/** The module's exports, or null where WebAssembly SIMD is missing or disabled by FERROLOOP_LINALG=js. */
export function wasmLinalg(): Exports | null {
  if (instance === undefined) {
    const bytes = Buffer.from(WASM_BASE64, 'base64');
    const ok = process.env.FERROLOOP_LINALG !== 'js' && typeof WebAssembly === 'object' && WebAssembly.validate(bytes);
    instance = ok ? (new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports) : null;
  }
  return instance;
}

/** Float64 view of the module memory with at least `doubles` entries (grows the memory when needed). */
export function heap(w: Exports, doubles: number): Float64Array {
  const need = doubles * 8;
  const have = w.memory.buffer.byteLength;
  if (need > have) w.memory.grow(Math.ceil((need - have) / 65536));
  return new Float64Array(w.memory.buffer);
}

/** Cholesky factor of a + jitter·I into a new array, or null at a non-positive pivot. */
export function wasmCholeskyInto(w: Exports, a: Float64Array, n: number, jitter: number): Float64Array | null {
  const nn = n * n;
  const h = heap(w, 2 * nn);
  h.set(a.subarray(0, nn), 0);
  h.fill(0, nn, 2 * nn);
  if (w.cholesky(0, nn * 8, n, jitter) !== 1) return null;
  return new Float64Array(w.memory.buffer, nn * 8, nn).slice();
}

/** L⁻ᵀ (row-major n x n, upper triangular). */
export function wasmInverseLowerTransposed(w: Exports, L: Float64Array, n: number): Float64Array {
  const nn = n * n;
  const h = heap(w, 2 * nn);
  h.set(L.subarray(0, nn), 0);
  h.fill(0, nn, 2 * nn);
  w.inverseLowerTransposed(0, nn * 8, n);
  return new Float64Array(w.memory.buffer, nn * 8, nn).slice();
}

/** (L Lᵀ)⁻¹ as a full symmetric n x n matrix. */
export function wasmInverseFromCholesky(w: Exports, L: Float64Array, n: number): Float64Array {
  const nn = n * n;
  const h = heap(w, 3 * nn);
  h.set(L.subarray(0, nn), 0);
  h.fill(0, nn, 2 * nn);
  w.inverseLowerTransposed(0, nn * 8, n);
  w.upperGram(nn * 8, 2 * nn * 8, n);
  return new Float64Array(w.memory.buffer, 2 * nn * 8, nn).slice();
}

/**
 * A lower-triangular M (n x n) kept resident in module memory, zero-padded to an even stride, for repeated
 * quadratic forms ‖M kᵀ‖² (the GP variance). Only one may be resident at a time: `load` replaces it.
 */
export class WasmQuadForms {
  private readonly s: number;

  private constructor(private readonly w: Exports, private readonly n: number) {
    this.s = n + (n & 1);
  }

  static load(w: Exports, M: Float64Array, n: number): WasmQuadForms {
    const q = new WasmQuadForms(w, n);
    const s = q.s;
    const h = heap(w, s * s);
    h.fill(0, 0, s * s);
    for (let i = 0; i < n; i++) h.set(M.subarray(i * n, i * n + i + 1), i * s);
    return q;
  }

  /** out[k] = ‖M K[k]ᵀ‖² for the m rows of K (m x n); M must still be the resident matrix. */
  run(K: Float64Array, m: number, out: Float64Array): void {
    const { w, n, s } = this;
    const mPad = (m + 3) & ~3;
    const kAt = s * s;
    const outAt = kAt + mPad * s;
    const h = heap(w, outAt + mPad);
    if (s === n) h.set(K.subarray(0, m * n), kAt);
    else for (let k = 0; k < m; k++) {
      h.set(K.subarray(k * n, (k + 1) * n), kAt + k * s);
      h[kAt + k * s + n] = 0;
    }
    h.fill(0, kAt + m * s, kAt + mPad * s);
    w.quadForms(0, kAt * 8, s, mPad, outAt * 8);
    out.set(new Float64Array(w.memory.buffer, outAt * 8, m));
  }
}
