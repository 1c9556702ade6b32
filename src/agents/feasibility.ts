import { checkCommand } from '../drivers/command-checks.ts';
import type { Instrument } from '../drivers/instrument.ts';
import type { SearchSpace } from './search-space.ts';

/** Which candidates the instrument refuses by its declared limits (known before the campaign starts). */
export interface Feasibility {
  /** 1 where candidate i breaks a limit and is excluded from the search (length m). */
  readonly infeasible: Uint8Array;
  /** How many are excluded. */
  readonly count: number;
  /** The refusal of the first excluded candidate (index and message), for the log and the start document. */
  readonly example?: { readonly candidate: number; readonly message: string };
}

/**
 * Checks every candidate's command against the instrument's limits (`instrument.check` when it has one, else
 * `info.limits`), writing nothing. Only INSTRUMENT_LIMIT refusals mark a candidate infeasible; other errors propagate.
 */
export function candidateFeasibility(space: SearchSpace, instrument: Pick<Instrument, 'info' | 'check'>): Feasibility {
  const m = space.candidates.rows;
  const infeasible = new Uint8Array(m);
  const info = instrument.info;
  const check = instrument.check ? (c: Parameters<typeof checkCommand>[1]) => instrument.check!(c) : (c: Parameters<typeof checkCommand>[1]) => checkCommand(info, c);
  let count = 0;
  let example: Feasibility['example'];
  for (let i = 0; i < m; i++) {
    try {
      check(space.toCommand(i));
    } catch (err) {
      if ((err as { code?: string }).code !== 'INSTRUMENT_LIMIT') throw err;
      infeasible[i] = 1;
      count += 1;
      example ??= { candidate: i, message: (err as Error).message };
    }
  }
  return { infeasible, count, ...(example ? { example } : {}) };
}

/** The start-document facts of a feasibility check: candidates_total, candidates_infeasible (and an example refusal). */
export function feasibilityInfo(f: Feasibility): Record<string, unknown> {
  return {
    candidates_total: f.infeasible.length,
    candidates_infeasible: f.count,
    ...(f.example ? { candidates_infeasible_example: `candidate ${f.example.candidate}: ${f.example.message}` } : {}),
  };
}

/** Mask of candidates that may not be picked: measured or infeasible (a new array; `measured` is untouched). */
export function blockedMask(measured: Uint8Array, infeasible?: Uint8Array): Uint8Array {
  if (!infeasible) return measured;
  const out = Uint8Array.from(measured);
  for (let i = 0; i < out.length; i++) if (infeasible[i]) out[i] = 1;
  return out;
}
