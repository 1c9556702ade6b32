import { Rng } from '../sim/rng.ts';

/** An RNG for one step of a run, derived from (seed, step) so that a resumed run draws what the original would. */
export function stepRng(seed: number, step: number): Rng {
  return new Rng((Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(step + 1, 0x85ebca6b)) >>> 0);
}

/** A uniformly random candidate index not yet measured (−1 when all are). */
export function randomUnmeasured(measured: Uint8Array, rng: Rng): number {
  const free: number[] = [];
  for (let i = 0; i < measured.length; i++) if (!measured[i]) free.push(i);
  return free.length === 0 ? -1 : free[rng.int(free.length)];
}
