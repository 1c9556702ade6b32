/**
 * Whether this V8 compiles WebAssembly relaxed SIMD (f32x4.relaxed_madd: one fused multiply-add where the CPU has
 * FMA). Node ≥ 22 ships it; Node 20's V8 has it behind --experimental-wasm-relaxed-simd, which is turned on here
 * (the flag is read when a module is compiled, so setting it at run time takes effect for later modules).
 * FERROLOOP_WASM_FMA=0 keeps the plain SIMD modules.
 */
import v8 from 'node:v8';

/** (module (func (result v128) (f32x4.relaxed_madd (v128.const …) (v128.const …) (v128.const …)))) */
const PROBE = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00,
  0x0a, 0x3d, 0x01, 0x3b, 0x00,
  0xfd, 0x0c, ...new Array<number>(16).fill(0), 0xfd, 0x0c, ...new Array<number>(16).fill(0), 0xfd, 0x0c, ...new Array<number>(16).fill(0),
  0xfd, 0x85, 0x02, 0x0b,
]);

let cached: boolean | undefined;

/** True when relaxed SIMD modules compile here (enabling V8's flag on Node 20 if needed); false if FERROLOOP_WASM_FMA=0. */
export function relaxedSimdAvailable(): boolean {
  if (process.env.FERROLOOP_WASM_FMA === '0') return false;
  if (cached === undefined) {
    cached = WebAssembly.validate(PROBE);
    if (!cached) {
      v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
      cached = WebAssembly.validate(PROBE);
    }
  }
  return cached;
}
