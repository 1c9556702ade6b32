import { Rng } from '../../sim/rng.ts';
import type { ScanChannel } from '../instrument.ts';
import type { TwinConfig } from './twin-config.ts';

/** One scan request on the twin: channels, pixels, edge (µm) of the square scanned from the sample origin. */
export interface TwinScanRequest {
  readonly channels: readonly ScanChannel[];
  readonly nx: number;
  readonly ny: number;
  readonly sizeUm: number;
  /** Seed of this scan's noise (ignored when the config's scanNoise is 0). */
  readonly noiseSeed: number;
}

/**
 * Images of the twin (each ny × nx row-major, row = y): pixel (ix, iy) samples the nearest lattice site of its
 * centre; x is the lattice's first index. PX/PY (+ noise), AMPL = |P|, PHAS = atan2(Py, Px) in degrees, TOPO (nm).
 */
export function scanTwin(
  cfg: TwinConfig, state: Float64Array, topography: Float64Array, req: TwinScanRequest,
): Record<ScanChannel, Float64Array> {
  const n = cfg.n;
  const sites = n * n;
  const a = cfg.sizeUm / n;
  const pixels = req.nx * req.ny;
  const px = new Float64Array(pixels);
  const py = new Float64Array(pixels);
  const topo = new Float64Array(pixels);
  const rng = cfg.scanNoise > 0 ? new Rng(req.noiseSeed) : undefined;
  for (let iy = 0; iy < req.ny; iy++) {
    const j = siteIndex(((iy + 0.5) / req.ny) * req.sizeUm, a, n);
    for (let ix = 0; ix < req.nx; ix++) {
      const i = siteIndex(((ix + 0.5) / req.nx) * req.sizeUm, a, n);
      const s = i * n + j;
      const q = iy * req.nx + ix;
      px[q] = state[s] + (rng ? cfg.scanNoise * rng.normal() : 0);
      py[q] = state[sites + s] + (rng ? cfg.scanNoise * rng.normal() : 0);
      topo[q] = topography[s] + (rng ? cfg.scanNoise * cfg.topographyNm * rng.normal() : 0);
    }
  }
  const ampl = new Float64Array(pixels);
  const phas = new Float64Array(pixels);
  for (let q = 0; q < pixels; q++) {
    ampl[q] = Math.hypot(px[q], py[q]);
    phas[q] = (Math.atan2(py[q], px[q]) * 180) / Math.PI;
  }
  const all: Record<ScanChannel, Float64Array> = { PX: px, PY: py, TOPO: topo, AMPL: ampl, PHAS: phas };
  return Object.fromEntries(req.channels.map((c) => [c, all[c]])) as Record<ScanChannel, Float64Array>;
}

function siteIndex(um: number, a: number, n: number): number {
  return Math.min(n - 1, Math.max(0, Math.floor(um / a)));
}
