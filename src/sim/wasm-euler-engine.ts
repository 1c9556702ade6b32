import type { EulerEngine } from './euler-engine.ts';
import { type StepDrive, selfCoefficients } from './euler-kernel.ts';
import type { ForceParams } from './site-force.ts';
import { WASM_BASE64 } from './wasm/euler-simd.wasm.ts';

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  stepUniform(src: number, dst: number, def: number, n: number, a1k: number, a2: number, a3: number, kq: number,
    ex: number, ey: number, hx: number, hy: number, out: number): void;
  stepSites(src: number, dst: number, def: number, kk: number, dep: number, n: number, a1: number, a2: number,
    a3: number, ex: number, ey: number, mx: number, my: number, hx: number, hy: number, out: number): void;
  runUniform(src: number, dst: number, def: number, n: number, a1k: number, a2: number, a3: number, kq: number,
    dep: number, ec: number, gamma: number, hxOff: number, sites: number, field: number, time: number, steps: number,
    mean: number, sx: number, sy: number): number;
}

/** Instances free for reuse on this thread (instantiating one costs ~0.1 ms, a tenth of a W2 run). */
const idle: KernelExports[] = [];
/** Largest instance memory (bytes) kept for reuse, and most instances kept: a 4096² run's 1.3 GB is not retained. */
const MAX_POOLED_BYTES = 16 << 20;
const MAX_POOLED = 4;

let compiled: WebAssembly.Module | null | undefined;

/** The SIMD kernel module, or null where this runtime lacks WebAssembly SIMD. Compiled once per thread. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    const bytes = Buffer.from(WASM_BASE64, 'base64');
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  return compiled;
}

/** True when the WebAssembly SIMD engine can run here. */
export function wasmEulerAvailable(): boolean {
  return kernelModule() !== null;
}

/** Bytes reserved at address 0 for the kernel's Σp output. */
const OUT = 0;
const HEADER = 64;

/**
 * The fast engine: WebAssembly f64x2 SIMD, (px, py) of a site in one vector, same padded layout
 * as the JS engine with 16 bytes per site. Matches the JS engine to rounding (≈1e-15).
 */
export class WasmEulerEngine implements EulerEngine {
  private readonly k: KernelExports;
  private f64: Float64Array;
  private readonly w: number;
  private src: number;
  private dst: number;
  private readonly def: number;
  private readonly kk: number;
  private readonly dep: number;
  private readonly uniform: { k: number; dep: number } | undefined;
  private readonly a: [number, number, number];
  private readonly uniaxial: boolean;

  constructor(private readonly f: ForceParams, initial: Float64Array, private readonly periodic: boolean) {
    const mod = kernelModule();
    if (!mod) throw new Error('WebAssembly SIMD is not available in this runtime');
    const n = f.n;
    this.w = n + 2;
    const bytes = this.w * this.w * 16;
    this.src = HEADER;
    this.dst = this.src + bytes;
    this.def = this.dst + bytes;
    this.kk = this.def + bytes;
    this.dep = this.kk + bytes;
    this.k = idle.pop() ?? (new WebAssembly.Instance(mod).exports as unknown as KernelExports);
    const need = this.dep + bytes;
    this.f64 = this.reserve(need);
    this.f64.fill(0, 0, need / 8); // a reused instance holds an earlier run: clear ghost rings and padding
    this.a = selfCoefficients(f);
    this.uniaxial = f.mode === 'uniaxial';
    this.uniform = allEqual(f.k) && allEqual(f.depAlpha) ? { k: f.k[0], dep: f.depAlpha[0] } : undefined;
    this.fillSiteArrays(initial);
  }

  step(d: StepDrive, sums: Float64Array): void {
    if (this.periodic) this.wrapGhosts(this.src);
    const hx = this.uniaxial ? 0 : d.h;
    const [a1, a2, a3] = this.a;
    if (this.uniform) {
      const { k, dep } = this.uniform;
      this.k.stepUniform(this.src, this.dst, this.def, this.f.n, a1 + k, a2, a3, k * 0.25,
        d.ex - dep * d.mx, d.ey - dep * d.my, hx, d.h, OUT);
    } else {
      this.k.stepSites(this.src, this.dst, this.def, this.kk, this.dep, this.f.n, a1, a2, a3,
        d.ex, d.ey, d.mx, d.my, hx, d.h, OUT);
    }
    sums[0] = this.f64[OUT / 8];
    sums[1] = this.f64[OUT / 8 + 1];
    [this.src, this.dst] = [this.dst, this.src];
  }

  /**
   * Steps 1…T−1 in one wasm call when k and α_dep are uniform and the boundary open; writes ⟨p⟩(t) for t ≥ 1 into
   * meanP ([comp][t], length 2·T) exactly as step-by-step driving would. Returns false (nothing done) otherwise.
   * timeVec: T, fieldEc: T × 2 (Ec units), ec: coercive field, gamma: γ, sums: Σpx, Σpy of the initial state.
   */
  runAll(timeVec: Float64Array, fieldEc: Float64Array, ec: number, gamma: number, sums: Float64Array, meanP: Float64Array): boolean {
    if (this.periodic || !this.uniform) return false;
    const steps = timeVec.length;
    const field = this.dep + this.w * this.w * 16;
    const time = field + 16 * steps;
    const mean = time + 8 * steps;
    const f64 = this.reserve(mean + 16 * steps);
    f64.set(fieldEc, field / 8);
    f64.set(timeVec, time / 8);
    const sites = this.f.n * this.f.n;
    const [a1, a2, a3] = this.a;
    const { k, dep } = this.uniform;
    const final = this.k.runUniform(this.src, this.dst, this.def, this.f.n, a1 + k, a2, a3, k * 0.25, dep, ec, gamma,
      this.uniaxial ? 1 : 0, sites, field, time, steps, mean, sums[0], sums[1]);
    if (final !== this.src) [this.src, this.dst] = [this.dst, this.src];
    meanP.set(f64.subarray(mean / 8 + 1, mean / 8 + steps), 1);
    meanP.set(f64.subarray(mean / 8 + steps + 1, mean / 8 + 2 * steps), steps + 1);
    return true;
  }

  /** Returns the instance for reuse by a later engine on this thread; this engine must not be used afterwards. */
  dispose(): void {
    if (idle.length < MAX_POOLED && this.k.memory.buffer.byteLength <= MAX_POOLED_BYTES) idle.push(this.k);
  }

  read(): Float64Array {
    const n = this.f.n;
    const sites = n * n;
    const out = new Float64Array(2 * sites);
    const base = this.src / 8;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const at = base + 2 * ((i + 1) * this.w + j + 1);
        out[i * n + j] = this.f64[at];
        out[sites + i * n + j] = this.f64[at + 1];
      }
    }
    return out;
  }

  sums(out: Float64Array): void {
    // Straight from wasm memory, in read()'s site order (i-major, then j), so the sums are read()'s to the bit.
    const n = this.f.n;
    const a = this.f64;
    let x = 0;
    let y = 0;
    for (let i = 0; i < n; i++) {
      for (let at = this.src / 8 + 2 * ((i + 1) * this.w + 1), end = at + 2 * n; at < end; at += 2) {
        x += a[at];
        y += a[at + 1];
      }
    }
    out[0] = x;
    out[1] = y;
  }

  /** Grows the instance memory to at least `bytes`; refreshes the f64 view (growing detaches the old buffer). */
  private reserve(bytes: number): Float64Array {
    const have = this.k.memory.buffer.byteLength;
    if (bytes > have) this.k.memory.grow(Math.ceil((bytes - have) / 65536));
    this.f64 = new Float64Array(this.k.memory.buffer);
    return this.f64;
  }

  /** Writes the initial state, defects and (unless uniform, where the kernels take scalars) per-site (k, k), (α, α) pairs. */
  private fillSiteArrays(initial: Float64Array): void {
    const n = this.f.n;
    const sites = n * n;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const s = i * n + j;
        const pad = 2 * ((i + 1) * this.w + j + 1);
        this.f64[this.src / 8 + pad] = initial[s];
        this.f64[this.src / 8 + pad + 1] = initial[sites + s];
        this.f64[this.def / 8 + pad] = this.f.defectX[s];
        this.f64[this.def / 8 + pad + 1] = this.f.defectY[s];
        if (this.uniform) continue;
        this.f64[this.kk / 8 + pad] = this.f.k[s];
        this.f64[this.kk / 8 + pad + 1] = this.f.k[s];
        this.f64[this.dep / 8 + pad] = this.f.depAlpha[s];
        this.f64[this.dep / 8 + pad + 1] = this.f.depAlpha[s];
      }
    }
  }

  /** Periodic ghost ring: copies opposite edges (both components at once). */
  private wrapGhosts(base: number): void {
    const n = this.f.n;
    const w = this.w;
    const a = this.f64;
    const b = base / 8;
    const copy = (to: number, from: number): void => {
      a[b + 2 * to] = a[b + 2 * from];
      a[b + 2 * to + 1] = a[b + 2 * from + 1];
    };
    for (let j = 1; j <= n; j++) {
      copy(j, n * w + j);
      copy((n + 1) * w + j, w + j);
    }
    for (let i = 1; i <= n; i++) {
      copy(i * w, i * w + n);
      copy(i * w + n + 1, i * w + 1);
    }
  }
}

function allEqual(a: Float64Array): boolean {
  for (let i = 1; i < a.length; i++) if (a[i] !== a[0]) return false;
  return true;
}
