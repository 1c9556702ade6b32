/** `ferroloop vae predict --model DIR` of a dual-VAE directory: loops from structures (or --direction spec2im the reverse), scores, latents, figures. */
import { mkdir } from 'node:fs/promises';
import { InputError } from '../../errors.ts';
import { choiceFlag } from '../cli-args.ts';
import { LOOP_DESCRIPTORS } from '../../agents/spaces/loop-descriptors.ts';
import { IM2SPEC_DIRECTIONS } from '../../models/structure-property/im2spec-options.ts';
import { loadPairs, type PairsFlags } from './pairs-data.ts';

/** The flags of `vae predict` (already parsed and checked for --model, --data, --out). */
export interface DualPredictFlags extends PairsFlags {
  readonly model: string;
  readonly data: string;
  readonly out: string;
  readonly direction?: string;
  readonly descriptor?: string;
  readonly figures?: string;
  readonly latents?: string;
}

export async function runDualVaePredict(values: DualPredictFlags): Promise<number> {
  const direction = choiceFlag('direction', values.direction, IM2SPEC_DIRECTIONS, 'im2spec');
  if (values.latents !== undefined && !values.latents.endsWith('.csv')) throw new InputError('--latents', `expected a .csv file, got '${values.latents}'`);
  const { loadDualVaeDir } = await import('./dual-vae-dir.ts');
  const { manifest, model } = await loadDualVaeDir(values.model);
  const { disposeDualVaeNetwork } = await import('../../models/structure-property/dual-vae-network.ts');
  try {
    const descriptor = choiceFlag('descriptor', values.descriptor, LOOP_DESCRIPTORS, manifest.descriptor ?? 'area');
    const { pairs, source } = await loadPairs(values.data, values);
    const net = model.network;
    const channels = pairs.channels ?? 1;
    if (net.patch !== pairs.patch || net.channels !== channels || net.points !== pairs.points) {
      const shape = (c: number, p: number) => `${c > 1 ? `${c}×` : ''}${p}×${p}`;
      throw new InputError(values.data, `pairs of ${shape(channels, pairs.patch)} patches and loops of ${pairs.points}; the dual VAE was trained on ${shape(net.channels, net.patch)} patches and loops of ${net.points}`);
    }
    const { predictDual, encodeDual } = await import('../../models/structure-property/dual-vae-predict.ts');
    const { pooledRSquared } = await import('../../models/structure-property/r-squared.ts');
    const [inputs, truth, outputs] = direction === 'im2spec' ? [pairs.structure, pairs.spectra, pairs.points] : [pairs.spectra, pairs.structure, channels * pairs.patch * pairs.patch];
    const predicted = predictDual(model, direction, inputs, pairs.count);
    let summary = `dual VAE ${direction === 'im2spec' ? 'structure → loop' : 'loop → structure'} on ${pairs.count} pairs of ${source}: R² ${direction === 'im2spec' ? 'loop' : 'patch'} ${pooledRSquared(truth, predicted, outputs).toFixed(3)}`;
    let predictedDescriptor: Float64Array | undefined;
    if (direction === 'im2spec') {
      const { descriptorsOfLoops } = await import('../../models/structure-property/within-image.ts');
      const { rSquared } = await import('../../agents/campaign-report.ts');
      predictedDescriptor = descriptorsOfLoops(descriptor, pairs.bias, predicted, pairs.count);
      if (pairs.descriptor.every(Number.isFinite)) summary += `, R² descriptor (${descriptor}) ${rSquared(pairs.descriptor, predictedDescriptor).toFixed(3)}`;
    }
    const { writePredictions } = await import('./prediction-output.ts');
    writePredictions(values.out, pairs, outputs, predicted, undefined, predictedDescriptor);
    process.stderr.write(`${summary} → ${values.out}\n`);
    if (values.latents !== undefined) {
      const d = net.options.latentDim;
      const muS = encodeDual(model, 'structure', pairs.structure, pairs.count);
      const muP = encodeDual(model, 'spectrum', pairs.spectra, pairs.count);
      const header = ['pair', 'ix', 'iy', 'descriptor', ...Array.from({ length: d }, (_, k) => `s${k + 1}`), ...Array.from({ length: d }, (_, k) => `p${k + 1}`)];
      const lines = [header.join(','), ...Array.from({ length: pairs.count }, (_, i) => [
        i, pairs.pixels ? pairs.pixels[2 * i] : '', pairs.pixels ? pairs.pixels[2 * i + 1] : '', Number.isFinite(pairs.descriptor[i]) ? pairs.descriptor[i] : '',
        ...muS.subarray(i * d, (i + 1) * d), ...muP.subarray(i * d, (i + 1) * d),
      ].join(','))];
      const { writeFileAtomic } = await import('../../util/write-file-atomic.ts');
      writeFileAtomic(values.latents, `${lines.join('\n')}\n`);
    }
    if (values.figures !== undefined) {
      await mkdir(values.figures, { recursive: true });
      const paths: string[] = [];
      if (predictedDescriptor) {
        const { writePredictionFigures } = await import('../../models/structure-property/prediction-figures.ts');
        const rows = Int32Array.from({ length: pairs.count }, (_, i) => i);
        paths.push(...await writePredictionFigures(values.figures, { pairs, rows, predicted, predictedDescriptor, descriptor, subtitle: summary, model: 'dual VAE' }));
      }
      const { writeDualLatentFigures } = await import('../../models/structure-property/dual-vae-figures.ts');
      paths.push(...await writeDualLatentFigures(values.figures, model, pairs, descriptor, `${pairs.count} pairs of ${source}`));
      process.stderr.write(`figures: ${paths.map((p) => `${p}.png`).join(', ')}\n`);
    }
  } finally {
    disposeDualVaeNetwork(model.network);
  }
  return 0;
}
