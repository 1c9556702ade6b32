/**
 * The simulation queue's job format: a chunk of a stored plan (plan id + index range [start, end)) and its result,
 * the chunk's summaries as float64 rows of SUMMARY_KEYS in base64 — bit-exact (JSON would turn NaN into null).
 */
import { z } from 'zod';
import { SUMMARY_KEYS, type SimSummary } from '../sweep/sim-summary.ts';

/** BullMQ queue of FerroSIM chunks. */
export const SIM_QUEUE = 'ferroloop-sim';

export const ChunkJobSchema = z.object({ plan: z.string().regex(/^[0-9a-f]{32}$/), start: z.number().int().nonnegative(), end: z.number().int().positive() });
export type ChunkJob = z.infer<typeof ChunkJobSchema>;

export const ChunkResultSchema = z.object({ start: z.number().int().nonnegative(), end: z.number().int().positive(), summaries: z.string() });
export type ChunkResult = z.infer<typeof ChunkResultSchema>;

/** Deterministic job id of a chunk: the same sweep enqueued twice names the same jobs. */
export const chunkJobId = (job: ChunkJob): string => `${job.plan}-${job.start}-${job.end}`;

export function encodeSummaries(start: number, summaries: readonly SimSummary[]): ChunkResult {
  const values = new Float64Array(summaries.length * SUMMARY_KEYS.length);
  summaries.forEach((s, i) => SUMMARY_KEYS.forEach((k, j) => (values[i * SUMMARY_KEYS.length + j] = s[k])));
  return { start, end: start + summaries.length, summaries: Buffer.from(values.buffer).toString('base64') };
}

export function decodeSummaries(result: ChunkResult): SimSummary[] {
  const bytes = Buffer.from(result.summaries, 'base64');
  const values = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const n = result.end - result.start;
  if (values.length !== n * SUMMARY_KEYS.length) throw new RangeError(`chunk ${result.start}–${result.end}: ${values.length} values for ${n} runs`);
  return Array.from({ length: n }, (_, i) => Object.fromEntries(SUMMARY_KEYS.map((k, j) => [k, values[i * SUMMARY_KEYS.length + j]])) as unknown as SimSummary);
}

/** Chunk boundaries [start, end) of `total` runs, `size` runs each (the last may be shorter). */
export function chunkRanges(total: number, size: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let s = 0; s < total; s += size) out.push([s, Math.min(total, s + size)]);
  return out;
}
