/**
 * A dual-VAE model directory of `ferroloop vae train --model dual-vae`: `dual-vae.json` {format, version, source,
 * descriptor?}, the saved model in `member-0/`, and the latent figures train writes.
 */
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { FerroloopError } from '../../errors.ts';
import { LOOP_DESCRIPTORS } from '../../agents/spaces/loop-descriptors.ts';
import { loadDualVae, saveDualVae, type StoredDualVae } from '../../models/structure-property/dual-vae-store.ts';
import { writeFileAtomic } from '../../util/write-file-atomic.ts';
import { memberDir } from './model-dir.ts';

const MANIFEST = 'dual-vae.json';

const ManifestSchema = z.object({
  format: z.literal('ferroloop-dual-vae-dir'),
  version: z.literal(1),
  source: z.string(),
  descriptor: z.enum(LOOP_DESCRIPTORS).optional(),
});
export type DualVaeManifest = z.infer<typeof ManifestSchema>;

/** True when `dir` holds a dual-VAE manifest (vae predict's dispatch). */
export async function isDualVaeDir(dir: string): Promise<boolean> {
  return stat(join(dir, MANIFEST)).then((s) => s.isFile(), () => false);
}

/** Saves the model (member-0 replaced by rename of a temp directory), then the manifest. */
export async function saveDualVaeDir(dir: string, model: StoredDualVae, manifest: Omit<DualVaeManifest, 'format' | 'version'>, meta: Record<string, unknown>): Promise<void> {
  await mkdir(dir, { recursive: true });
  const tmp = `${memberDir(dir, 0)}.tmp-${process.pid}`;
  await saveDualVae(model, tmp, meta);
  await rm(memberDir(dir, 0), { recursive: true, force: true });
  await rename(tmp, memberDir(dir, 0));
  writeFileAtomic(join(dir, MANIFEST), `${JSON.stringify({ format: 'ferroloop-dual-vae-dir', version: 1, ...manifest }, null, 2)}\n`);
}

/** Loads the model (the caller disposes its network); FerroloopError MODEL_INVALID otherwise. */
export async function loadDualVaeDir(dir: string): Promise<{ manifest: DualVaeManifest; model: StoredDualVae }> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8'));
  } catch (err) {
    throw new FerroloopError('MODEL_INVALID', `${dir}/${MANIFEST}: unreadable or not JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) throw new FerroloopError('MODEL_INVALID', `${dir}/${MANIFEST}: ${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`);
  return { manifest: parsed.data, model: await loadDualVae(memberDir(dir, 0)) };
}
