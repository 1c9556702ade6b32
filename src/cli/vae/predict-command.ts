/** `ferroloop vae predict`: an im2spec / spec2im model's predictions for paired data, with held-out scores and figures. */
import { mkdir } from 'node:fs/promises';
import { InputError } from '../../errors.ts';
import { choiceFlag, parseCliArgs } from '../cli-args.ts';
import { LOOP_DESCRIPTORS } from '../../agents/spaces/loop-descriptors.ts';
import { loadPairs } from './pairs-data.ts';

const HELP = `usage: ferroloop vae predict --model DIR --data FILE.npz|twin --out FILE.npy|FILE.csv [options]

Predicts with a model of ferroloop vae train --model im2spec|spec2im|dual-vae: loops (N × M) from
the patches, or patches (N × P²) from the loops (spec2im, or a dual VAE with --direction spec2im). With an ensemble the prediction is the members'
mean and its std the predictive uncertainty. Prints to stderr the pooled R² of the outputs
against the pairs' own (1 − SS_res / SS_tot around each output's mean) and, for im2spec, the R²
of the loop descriptor computed from each predicted loop against the pairs' descriptor.

options:
  --model DIR       a model directory of vae train --model im2spec|spec2im|dual-vae (required)
  --direction D     dual-vae: im2spec (default; loops decoded from the structure latent μ_s) |
                    spec2im (patches decoded from the loop latent μ_p)
  --latents FILE    dual-vae: a CSV of the latents per pair (pair, ix, iy, descriptor, s1…sD, p1…pD)
  --data SRC        a .npz of pairs or twin (then --config, --set, --count, --pair-seed, --workers,
                    --channels as for vae train), same patch shape and loop length as the model's
  --half H          left | right: predict the pairs of that half of the scan only
  --out FILE        .npy: N × outputs float32 (ensembles also FILE.std.npy);
                    .csv: one row per pair: pair, ix, iy, descriptor, descriptor_predicted
                    (im2spec), y1…yK, and std1…stdK for an ensemble (required)
  --descriptor D    area | height | coercive-width | imprint (default: the model's, else area)
  --figures DIR     im2spec: predicted-loops.{svg,png,vl.json} (predicted vs measured loops at 8
                    pixels, ±2σ with an ensemble) and descriptor-map.* (measured vs predicted);
                    dual-vae also latent-space.* and latent-map.* (the joint latent map)`;

export async function runVaePredict(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, {
    model: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, half: { type: 'string' }, descriptor: { type: 'string' },
    figures: { type: 'string' }, direction: { type: 'string' }, latents: { type: 'string' }, config: { type: 'string' }, set: { type: 'string', multiple: true }, count: { type: 'string' },
    'pair-seed': { type: 'string' }, workers: { type: 'string' }, channels: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  for (const flag of ['model', 'data', 'out'] as const) if (values[flag] === undefined) throw new InputError(`--${flag}`, 'is required (see ferroloop vae predict --help)');
  const out = values.out!;
  if (!out.endsWith('.npy') && !out.endsWith('.csv')) throw new InputError('--out', `expected a .npy or .csv file, got '${out}'`);
  const { isDualVaeDir } = await import('./dual-vae-dir.ts');
  if (await isDualVaeDir(values.model!)) return (await import('./dual-vae-predict-command.ts')).runDualVaePredict({ ...values, model: values.model!, data: values.data!, out });
  for (const flag of ['direction', 'latents'] as const) if (values[flag] !== undefined) throw new InputError(`--${flag}`, 'applies to dual-vae models (an im2spec / spec2im model predicts its own direction)');
  const { loadIm2SpecDir } = await import('./im2spec-dir.ts');
  const { manifest, members } = await loadIm2SpecDir(values.model!);
  const { disposeIm2SpecNetwork } = await import('../../models/structure-property/im2spec-network.ts');
  try {
    const direction = manifest.direction;
    if (values.figures !== undefined && direction !== 'im2spec') throw new InputError('--figures', 'applies to im2spec models (predicted loops)');
    const descriptor = choiceFlag('descriptor', values.descriptor, LOOP_DESCRIPTORS, manifest.descriptor ?? 'area');
    const { pairs, source } = await loadPairs(values.data!, values);
    const net = members[0].network;
    const channels = pairs.channels ?? 1;
    const [inH, inW, inC, outputs] = direction === 'im2spec' ? [pairs.patch, pairs.patch, channels, pairs.points] : [1, pairs.points, 1, channels * pairs.patch * pairs.patch];
    if (net.inHeight !== inH || net.inWidth !== inW || net.inChannels !== inC || net.outputs !== outputs) {
      const shape = (c: number, h: number, w: number) => `${c > 1 ? `${c}×` : ''}${h}×${w}`;
      throw new InputError(values.data!, `pairs of ${shape(channels, pairs.patch, pairs.patch)} patches and loops of ${pairs.points}; the ${direction} model maps ${shape(net.inChannels, net.inHeight, net.inWidth)} inputs to ${net.outputs} outputs`);
    }
    const { pairsAsTrainingData } = await import('../../models/structure-property/im2spec-data.ts');
    const { predictEnsemble } = await import('../../models/structure-property/im2spec-predict.ts');
    const { pooledRSquared } = await import('../../models/structure-property/r-squared.ts');
    const data = pairsAsTrainingData(pairs, direction);
    const { mean, std } = predictEnsemble(members, data.inputs, data.count);
    const r2 = pooledRSquared(data.targets, mean, outputs);
    let predictedDescriptor: Float64Array | undefined;
    let summary = `${direction} (${members.length} member${members.length > 1 ? 's' : ''}) on ${pairs.count} pairs of ${source}: R² ${direction === 'im2spec' ? 'loop' : 'patch'} ${r2.toFixed(3)}`;
    if (direction === 'im2spec') {
      const { descriptorsOfLoops } = await import('../../models/structure-property/within-image.ts');
      const { rSquared } = await import('../../agents/campaign-report.ts');
      predictedDescriptor = descriptorsOfLoops(descriptor, pairs.bias, mean, pairs.count);
      if (pairs.descriptor.every(Number.isFinite)) summary += `, R² descriptor (${descriptor}) ${rSquared(pairs.descriptor, predictedDescriptor).toFixed(3)}`;
    }
    const { writePredictions } = await import('./prediction-output.ts');
    writePredictions(out, pairs, outputs, mean, members.length > 1 ? std : undefined, predictedDescriptor);
    process.stderr.write(`${summary} → ${out}\n`);
    if (values.figures !== undefined && predictedDescriptor) {
      await mkdir(values.figures, { recursive: true });
      const { writePredictionFigures } = await import('../../models/structure-property/prediction-figures.ts');
      const rows = Int32Array.from({ length: pairs.count }, (_, i) => i);
      const paths = await writePredictionFigures(values.figures, {
        pairs, rows, predicted: mean, ...(members.length > 1 ? { std } : {}), predictedDescriptor, descriptor, subtitle: summary,
      });
      process.stderr.write(`figures: ${paths.map((p) => `${p}.png`).join(', ')}\n`);
    }
  } finally {
    for (const m of members) disposeIm2SpecNetwork(m.network);
  }
  return 0;
}
