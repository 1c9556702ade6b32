/**
 * The campaign ground truths computed on the queue by `ferroloop worker` processes: W2's Σ|curl| per decoded curve
 * and W3's loop descriptor per candidate pixel, in candidate order, bit-identical to the local thread-pool results.
 */
import type { TwinConfig } from '../drivers/twin/twin-config.ts';
import type { LoopDescriptor } from '../agents/spaces/loop-descriptors.ts';
import type { Matrix } from '../models/surrogate.ts';
import { runRemoteChunks } from './remote-sweep.ts';
import { decodeSummaries, decodeValues } from './sim-jobs.ts';
import { latentTruthDescription, loopTruthDescription } from './truth-plans.ts';

/** Where and how: the Redis URL, runs per job, cancel and progress. */
export interface RemoteTruthOptions {
  readonly url: string;
  readonly chunkSize?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Σ|curl| of each of `curves.rows` decoded curves (W2 ground truth), length rows. */
export async function remoteLatentTruth(curves: Matrix, twin: TwinConfig, hold: number, opts: RemoteTruthOptions): Promise<Float64Array> {
  const { description, blob } = latentTruthDescription(curves, twin, hold);
  const chunks = await runRemoteChunks(description, curves.rows, { url: opts.url, chunkSize: opts.chunkSize ?? 64, signal: opts.signal, onProgress: opts.onProgress, blob });
  return Float64Array.from(chunks.flatMap(decodeSummaries), (s) => s.curlAbsSum);
}

/** The loop descriptor at each (x, y) µm pair of `positions` (W3 exhaustive map), length positions.length / 2. */
export async function remoteLoopTruth(
  twin: TwinConfig, positions: Float64Array, waveform: Float64Array, descriptor: LoopDescriptor, response: 'on' | 'off', opts: RemoteTruthOptions,
): Promise<Float64Array> {
  const description = loopTruthDescription(twin, positions, waveform, descriptor, response);
  const total = positions.length / 2;
  const chunks = await runRemoteChunks(description, total, { url: opts.url, chunkSize: opts.chunkSize ?? 16, signal: opts.signal, onProgress: opts.onProgress });
  const out = new Float64Array(total);
  for (const c of chunks) out.set(decodeValues(c), c.start);
  return out;
}
