/**
 * A `ferroloop vae train` output directory: `ensemble.json` {format, members} and one saved model per member in
 * `member-<m>/` (a single model is an ensemble of one), plus the figures `train` writes.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { FerroloopError } from '../../errors.ts';
import { loadFamily, saveFamily, type StoredFamily } from '../../models/vae/family-store.ts';
import type { TrainedFamily } from '../../models/vae/family-train.ts';

const ManifestSchema = z.object({
  format: z.literal('ferroloop-vae-ensemble'),
  version: z.literal(1),
  members: z.number().int().positive().max(64),
  kind: z.string(),
  source: z.string(),
});
export type ModelManifest = z.infer<typeof ManifestSchema>;

export const memberDir = (dir: string, m: number): string => join(dir, `member-${m}`);

/** Saves one member (its directory replaced atomically by rename of a temp directory). */
export async function saveMember(dir: string, m: number, model: TrainedFamily, meta: Record<string, unknown>): Promise<void> {
  const tmp = `${memberDir(dir, m)}.tmp-${process.pid}`;
  await saveFamily(model, tmp, meta);
  const { rm } = await import('node:fs/promises');
  await rm(memberDir(dir, m), { recursive: true, force: true });
  await rename(tmp, memberDir(dir, m));
}

export async function writeManifest(dir: string, manifest: Omit<ModelManifest, 'format' | 'version'>): Promise<void> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'ensemble.json');
  await writeFile(`${path}.tmp`, `${JSON.stringify({ format: 'ferroloop-vae-ensemble', version: 1, ...manifest }, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

/** Loads every member of a model directory (the caller disposes their networks). */
export async function loadModelDir(dir: string): Promise<{ manifest: ModelManifest; members: StoredFamily[] }> {
  let raw: string;
  try {
    raw = await readFile(join(dir, 'ensemble.json'), 'utf8');
  } catch {
    throw new FerroloopError('MODEL_INVALID', `${dir}: not a model directory of ferroloop vae train (no ensemble.json)`);
  }
  const parsed = ManifestSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new FerroloopError('MODEL_INVALID', `${dir}/ensemble.json: ${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`);
  const members: StoredFamily[] = [];
  for (let m = 0; m < parsed.data.members; m++) members.push(await loadFamily(memberDir(dir, m)));
  return { manifest: parsed.data, members };
}
