import type { Direction } from './acquisition/acquisition.ts';
import { type Dataset, type Matrix, matrix } from '../models/surrogate.ts';

/** One measured candidate: where (candidate index, features x), what (y), by which instrument, at which step. */
export interface CampaignPoint {
  readonly step: number;
  readonly candidate: number;
  readonly x: Float64Array; // d
  readonly y: number;
  readonly instrument: string;
}

/** The campaign's dataset: every point so far, in measurement order. Immutable; `append` returns a new one. */
export interface CampaignData {
  readonly points: readonly CampaignPoint[];
  /** 1 where a candidate has been measured (length = number of candidates). */
  readonly measured: Uint8Array;
}

/** An empty dataset over m candidates. */
export function emptyCampaign(candidates: number): CampaignData {
  return { points: [], measured: new Uint8Array(candidates) };
}

/** Adds one point (a reducer: the old value is left untouched). */
export function appendPoint(data: CampaignData, point: CampaignPoint): CampaignData {
  const measured = Uint8Array.from(data.measured);
  measured[point.candidate] = 1;
  return { points: [...data.points, point], measured };
}

/** The surrogate's view: X (n x d) and y. */
export function toDataset(data: CampaignData, d: number, featureNames?: readonly string[]): Dataset {
  const X: Matrix = matrix(data.points.length, d);
  data.points.forEach((p, i) => X.data.set(p.x, i * d));
  return { X, y: Float64Array.from(data.points, (p) => p.y), featureNames };
}

/** The best point so far (by direction), or undefined when empty. */
export function bestPoint(data: CampaignData, direction: Direction): CampaignPoint | undefined {
  let best: CampaignPoint | undefined;
  for (const p of data.points) {
    if (!best || (direction === 'maximize' ? p.y > best.y : p.y < best.y)) best = p;
  }
  return best;
}
