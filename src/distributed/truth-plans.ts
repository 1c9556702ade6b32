/**
 * Plan references of the campaign ground truths: W2's run per decoded latent-grid curve (the curves, rows × cols
 * float64, travel as a binary blob beside the plan so a worker fetches only its chunk's rows) and W3's spectroscopy
 * per candidate pixel (positions and waveform inline, base64 float64).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { TwinConfigSchema, type TwinConfig } from '../drivers/twin/twin-config.ts';
import { LOOP_DESCRIPTORS, type LoopDescriptor } from '../agents/spaces/loop-descriptors.ts';
import type { Matrix } from '../models/surrogate.ts';

export const LatentTruthSchema = z.object({
  kind: z.literal('latent-truth'),
  twin: TwinConfigSchema,
  hold: z.number().int().nonnegative(),
  rows: z.number().int().positive(),
  cols: z.number().int().positive(),
  /** SHA-256 (hex) of the curve bytes, so different curves name different plans. */
  curves: z.string().regex(/^[0-9a-f]{64}$/),
});

export const LoopTruthSchema = z.object({
  kind: z.literal('loop-truth'),
  twin: TwinConfigSchema,
  descriptor: z.enum(LOOP_DESCRIPTORS),
  response: z.enum(['on', 'off']),
  /** Candidate positions, (x, y) µm pairs as base64 float64. */
  positions: z.string(),
  /** Bias waveform, V, base64 float64. */
  waveform: z.string(),
});

const b64 = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

/** Float64Array of little-endian bytes (copied, so it is aligned). */
export function float64FromBytes(bytes: Buffer): Float64Array {
  if (bytes.byteLength % 8 !== 0) throw new RangeError(`${bytes.byteLength} bytes are not float64 values`);
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** The W2 ground-truth plan of a curve matrix, and the blob of its rows. */
export function latentTruthDescription(curves: Matrix, twin: TwinConfig, hold: number): { description: z.infer<typeof LatentTruthSchema>; blob: Buffer } {
  const blob = Buffer.from(curves.data.buffer, curves.data.byteOffset, curves.rows * curves.cols * 8);
  const sha = createHash('sha256').update(blob).digest('hex');
  return { description: { kind: 'latent-truth', twin, hold, rows: curves.rows, cols: curves.cols, curves: sha }, blob };
}

/** The W3 ground-truth plan of candidate positions (µm) and one bias waveform (V). */
export function loopTruthDescription(twin: TwinConfig, positions: Float64Array, waveform: Float64Array, descriptor: LoopDescriptor, response: 'on' | 'off'): z.infer<typeof LoopTruthSchema> {
  return { kind: 'loop-truth', twin, descriptor, response, positions: b64(positions), waveform: b64(waveform) };
}
