import type { Command, Measurement } from '../drivers/instrument.ts';
import type { DataKey } from '../events/documents.ts';
import type { Matrix } from '../models/surrogate.ts';

/** What one measurement of a candidate yields: the objective, and extra values for the run log. */
export interface Observation {
  /** Objective (e.g. Σ|curl|, loop area); the agent maximises or minimises it. */
  readonly y: number;
  /** Extra event data keyed as in `dataKeys()` (arrays as plain number lists). */
  readonly record: Readonly<Record<string, unknown>>;
}

/**
 * A discrete search space: a fixed set of candidates with features (what the surrogate sees), each
 * turned into an instrument command, and each measurement turned into an observation.
 */
export interface SearchSpace {
  readonly name: string;
  /** Features of every candidate, m x d row-major. */
  readonly candidates: Matrix;
  readonly featureNames: readonly string[];
  /**
   * Candidate `index` as a person names it: parameter name → value in the user's units (W1 {k, depAlpha} with k
   * itself, not its log10; W3 {x_um, y_um}). Absent: the features themselves, keyed by `featureNames`.
   */
  position?(index: number): Readonly<Record<string, number>>;
  /** The command that measures candidate `index`. */
  toCommand(index: number): Command;
  /** The observation of candidate `index` from a measurement. */
  toObservation(index: number, m: Measurement): Observation;
  /** Event-model data keys of `Observation.record`. */
  dataKeys(): Record<string, DataKey>;
}
