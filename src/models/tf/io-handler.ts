/**
 * A tf.io.IOHandler that saves to / loads from a directory with node:fs: `model.json` (topology + weights
 * manifest, the layout tfjs's own file:// handler writes) and one `weights.bin`. tfjs's file:// handler
 * exists only in tfjs-node, which does not install everywhere.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { FerroloopError } from '../../errors.ts';

/** Bytes per element of each weight dtype in weights.bin (strings are not supported). */
const BYTES = { float32: 4, int32: 4, bool: 1, complex64: 8, string: Number.NaN } as const;

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

const WeightSpecSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(['float32', 'int32', 'bool', 'string', 'complex64']),
});

const ModelJsonSchema = z.object({
  format: z.string().optional(),
  generatedBy: z.string().optional(),
  convertedBy: z.string().nullable().optional(),
  modelTopology: z.unknown(),
  userDefinedMetadata: z.record(z.string(), z.unknown()).optional(),
  weightsManifest: z.array(z.object({ paths: z.array(z.string()), weights: z.array(WeightSpecSchema) })).length(1),
});

/** IOHandler bound to directory `dir` (created on save; files are written atomically via a temporary name). */
export function directoryIOHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      await mkdir(dir, { recursive: true });
      const weights = artifacts.weightData === undefined ? new ArrayBuffer(0) : joinWeightData(artifacts.weightData);
      const json = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        userDefinedMetadata: artifacts.userDefinedMetadata,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeAtomic(join(dir, WEIGHTS_BIN), new Uint8Array(weights));
      await writeAtomic(join(dir, MODEL_JSON), JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON({ ...artifacts, weightData: weights }) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const jsonPath = join(dir, MODEL_JSON);
      let raw: unknown;
      try {
        raw = JSON.parse(await readFile(jsonPath, 'utf8'));
      } catch (err) {
        throw new FerroloopError('FILE_UNREADABLE', `${jsonPath}: ${(err as Error).message}`, { cause: err });
      }
      const parsed = ModelJsonSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new FerroloopError('MODEL_INVALID', `${jsonPath}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
      }
      const manifest = parsed.data.weightsManifest[0];
      const buffers = await Promise.all(manifest.paths.map((p) => readFile(join(dir, p))));
      const weightData = tf.io.concatenateArrayBuffers(buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
      const expected = manifest.weights.reduce((s, w) => s + BYTES[w.dtype] * w.shape.reduce((a, b) => a * b, 1), 0);
      if (weightData.byteLength !== expected) {
        throw new FerroloopError('MODEL_INVALID', `${join(dir, WEIGHTS_BIN)}: ${weightData.byteLength} bytes, manifest needs ${expected}`);
      }
      return {
        modelTopology: parsed.data.modelTopology as tf.io.ModelArtifacts['modelTopology'],
        format: parsed.data.format,
        generatedBy: parsed.data.generatedBy,
        convertedBy: parsed.data.convertedBy ?? null,
        userDefinedMetadata: parsed.data.userDefinedMetadata as Record<string, object> | undefined,
        weightSpecs: manifest.weights,
        weightData,
      };
    },
  };
}

function joinWeightData(data: tf.io.WeightData): ArrayBuffer {
  return Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
}

async function writeAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, content);
  await rename(tmp, path);
}
