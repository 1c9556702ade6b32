/**
 * The simulation queue's job format: a chunk of a stored plan (plan id + index range [start, end)) and its result,
 * the chunk's summaries as float64 rows of SUMMARY_KEYS in base64, or (W3 ground truth) one float64 value per run —
 * bit-exact (JSON would turn NaN into null).
 */
import { z } from 'zod';
import { SUMMARY_KEYS, type SimSummary } from '../sweep/sim-summary.ts';
import { TwinResultChunkSchema, type TwinResultChunk } from './twin-task-plan.ts';

/** BullMQ queue of FerroSIM chunks. */
export const SIM_QUEUE = 'ferroloop-sim';

export const ChunkJobSchema = z.object({ plan: z.string().regex(/^[0-9a-f]{32}$/), start: z.number().int().nonnegative(), end: z.number().int().positive() });
export type ChunkJob = z.infer<typeof ChunkJobSchema>;

const Range = { start: z.number().int().nonnegative(), end: z.number().int().positive() };
export const SummaryChunkSchema = z.object({ ...Range, summaries: z.string() });
export const ValueChunkSchema = z.object({ ...Range, values: z.string() });
export const ChunkResultSchema = z.union([SummaryChunkSchema, ValueChunkSchema, TwinResultChunkSchema]);
export type SummaryChunk = z.infer<typeof SummaryChunkSchema>;
export type ValueChunk = z.infer<typeof ValueChunkSchema>;
export type ChunkResult = SummaryChunk | ValueChunk | TwinResultChunk;

/** Deterministic job id of a chunk: the same sweep enqueued twice names the same jobs. */
export const chunkJobId = (job: ChunkJob): string => `${job.plan}-${job.start}-${job.end}`;

export function encodeSummaries(start: number, summaries: readonly SimSummary[]): SummaryChunk {
  const values = new Float64Array(summaries.length * SUMMARY_KEYS.length);
  summaries.forEach((s, i) => SUMMARY_KEYS.forEach((k, j) => (values[i * SUMMARY_KEYS.length + j] = s[k])));
  return { start, end: start + summaries.length, summaries: Buffer.from(values.buffer).toString('base64') };
}

export function decodeSummaries(result: ChunkResult): SimSummary[] {
  if (!('summaries' in result)) throw new RangeError(`chunk ${result.start}–${result.end}: values where summaries were expected`);
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

/** One float64 per run, bit-exact. */
export function encodeValues(start: number, values: Float64Array): ValueChunk {
  return { start, end: start + values.length, values: Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64') };
}

export function decodeValues(result: ChunkResult): Float64Array {
  if (!('values' in result)) throw new RangeError(`chunk ${result.start}–${result.end}: summaries where values were expected`);
  const bytes = Buffer.from(result.values, 'base64');
  const values = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  if (values.length !== result.end - result.start) throw new RangeError(`chunk ${result.start}–${result.end}: ${values.length} values`);
  return values;
}
