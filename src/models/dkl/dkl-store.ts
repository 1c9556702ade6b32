/** Rebuilds a FittedDkl from its toJSON() form (zod-validated; errors name the offending field). */
import { z } from 'zod';
import { FerroloopError } from '../../errors.ts';
import { DklOptionsSchema } from './dkl-options.ts';
import { createExtractor, disposeExtractor } from './dkl-extractor.ts';
import { conditionFeatureGp } from './dkl-posterior.ts';
import { extractorConfig, FittedDkl } from './dkl-surrogate.ts';
import { restore, WeightJsonSchema } from '../tf/named-weights.ts';
import { FittedDklEnsemble } from './dkl-ensemble.ts';
import { initTfBackend } from '../tf/tf-backend.ts';

const DklJsonSchema = z.object({
  format: z.literal('ferroloop-dkl'),
  version: z.literal(1),
  options: DklOptionsSchema,
  inputDim: z.number().int().positive(),
  inputScaling: z.object({ mean: z.array(z.number()).min(1), std: z.array(z.number().positive()).min(1) }),
  yScaling: z.object({ mean: z.number(), std: z.number().positive() }),
  hyper: z.object({ lengthScale: z.array(z.number().positive()).min(1), outputScale: z.number().positive(), noise: z.number().positive() }),
  trainFeatures: z.array(z.number()),
  trainY: z.array(z.number()).min(2),
  losses: z.array(z.number()),
  weights: z.array(WeightJsonSchema),
});

const EnsembleJsonSchema = z.object({ format: z.literal('ferroloop-dkl-ensemble'), version: z.literal(1), members: z.array(z.unknown()).min(1).max(32) });

/** Loads a model or an ensemble saved with `JSON.stringify(fitted.toJSON())` (after JSON.parse). */
export async function loadDkl(json: unknown): Promise<FittedDkl | FittedDklEnsemble> {
  const ensemble = EnsembleJsonSchema.safeParse(json);
  if (!ensemble.success) return loadOne(json);
  const members: FittedDkl[] = [];
  try {
    for (const m of ensemble.data.members) members.push(await loadOne(m));
  } catch (err) {
    for (const m of members) m.dispose();
    throw err;
  }
  return new FittedDklEnsemble(members);
}

async function loadOne(json: unknown): Promise<FittedDkl> {
  const parsed = DklJsonSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FerroloopError('MODEL_INVALID', `dkl model: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const j = parsed.data;
  const p = j.options.featureDim;
  if (j.hyper.lengthScale.length !== p || j.trainFeatures.length !== j.trainY.length * p) {
    throw new FerroloopError('MODEL_INVALID', `dkl model: trainFeatures/hyper.lengthScale do not match featureDim ${p} and ${j.trainY.length} points`);
  }
  await initTfBackend();
  const extractor = createExtractor(extractorConfig(j.options, j.inputDim), j.options.seed);
  try {
    restore(extractor.variables, j.weights);
  } catch (err) {
    disposeExtractor(extractor);
    throw new FerroloopError('MODEL_INVALID', `dkl model: weights: ${(err as Error).message}`, { cause: err });
  }
  const yStd = Float64Array.from(j.trainY);
  const hyper = { lengthScale: Float64Array.from(j.hyper.lengthScale), outputScale: j.hyper.outputScale, noise: j.hyper.noise };
  const gp = conditionFeatureGp(Float64Array.from(j.trainFeatures), p, yStd, hyper);
  return new FittedDkl({ options: j.options, extractor, inputScaling: j.inputScaling, yScaling: j.yScaling, gp, yStd, losses: j.losses });
}
