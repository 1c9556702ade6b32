/**
 * An im2spec / spec2im model directory of `ferroloop vae train --model im2spec|spec2im`: `im2spec.json`
 * {format, version, members, direction, source, descriptor?} and one saved model per member in `member-<m>/`.
 */
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { FerroloopError } from '../../errors.ts';
import { LOOP_DESCRIPTORS } from '../../agents/spaces/loop-descriptors.ts';
import { IM2SPEC_DIRECTIONS } from '../../models/structure-property/im2spec-options.ts';
import { loadIm2Spec, saveIm2Spec, type StoredIm2Spec } from '../../models/structure-property/im2spec-store.ts';
import { writeFileAtomic } from '../../util/write-file-atomic.ts';
import { memberDir } from './model-dir.ts';

const ManifestSchema = z.object({
  format: z.literal('ferroloop-im2spec-ensemble'),
  version: z.literal(1),
  members: z.number().int().positive().max(64),
  direction: z.enum(IM2SPEC_DIRECTIONS),
  source: z.string(),
  descriptor: z.enum(LOOP_DESCRIPTORS).optional(),
});
export type Im2SpecManifest = z.infer<typeof ManifestSchema>;

/** Saves member m (its directory replaced by rename of a temp directory). */
export async function saveIm2SpecMember(dir: string, m: number, model: StoredIm2Spec, meta: Record<string, unknown>): Promise<void> {
  const tmp = `${memberDir(dir, m)}.tmp-${process.pid}`;
  await saveIm2Spec(model, tmp, meta);
  await rm(memberDir(dir, m), { recursive: true, force: true });
  await rename(tmp, memberDir(dir, m));
}

export async function writeIm2SpecManifest(dir: string, manifest: Omit<Im2SpecManifest, 'format' | 'version'>): Promise<void> {
  await mkdir(dir, { recursive: true });
  writeFileAtomic(join(dir, 'im2spec.json'), `${JSON.stringify({ format: 'ferroloop-im2spec-ensemble', version: 1, ...manifest }, null, 2)}\n`);
}

/** Loads every member (the caller disposes their networks); FerroloopError MODEL_INVALID otherwise. */
export async function loadIm2SpecDir(dir: string): Promise<{ manifest: Im2SpecManifest; members: StoredIm2Spec[] }> {
  let raw: string;
  try {
    raw = await readFile(join(dir, 'im2spec.json'), 'utf8');
  } catch {
    throw new FerroloopError('MODEL_INVALID', `${dir}: not a model directory of ferroloop vae train --model im2spec|spec2im (no im2spec.json)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new FerroloopError('MODEL_INVALID', `${dir}/im2spec.json: not JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) throw new FerroloopError('MODEL_INVALID', `${dir}/im2spec.json: ${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`);
  const members: StoredIm2Spec[] = [];
  for (let m = 0; m < parsed.data.members; m++) members.push(await loadIm2Spec(memberDir(dir, m)));
  return { manifest: parsed.data, members };
}
