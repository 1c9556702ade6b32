// im2spec on W3's twin: `npm run bench -- im2spec [--pairs FILE.npz | --channels AMPL,PX,PY] [--train 500] [--epochs 200] [--seeds 0,1,2]
// [--members 4] [--split random|half] [--models det,mlp,var,ens,s2i,dual] [--within on|off] [--encoder conv|mlp] [--conv 16,32]
// [--dual-latent 2] [--tie 1] [--cross 1] [--figures DIR]`. The pairs come from
// FILE.npz (ferroloop twin pairs --out FILE.npz; all of W3's candidates) or are measured here (patches of --channels, default AMPL, PX, PY). Held-out R² of the
// loop descriptor computed from each predicted loop, against ridge regression on the same patches and split
// (λ by 5-fold CV on the training rows): ridge → descriptor directly, and ridge → loop → descriptor.
// --split half trains on the left half of the scan (x < nx/2) and predicts the right half. The ensemble (det = its
// member 0) reports how often ±2σ of its members covers the held-out descriptor and loop values. Then "within the
// image": predictWithinImage trains --members models on the left half of all pairs and predicts the right half; its
// figures (predicted vs measured loops, descriptor maps) go to --figures DIR (default a new temp dir).
// s2i (spec2im) and dual (the dual VAE: loops decoded from the structure latent, patches from the loop latent) add the
// held-out pooled patch R² of the structure predicted from the loop; the dual VAE's latent map goes to the figures too.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parsePairsNpz, structureSize, type PairedData } from '../src/data/pairs-npz.ts';
import { initTfBackend } from '../src/models/tf/tf-backend.ts';
import { trainIm2Spec } from '../src/models/structure-property/im2spec-train.ts';
import { predictEnsemble, predictIm2Spec } from '../src/models/structure-property/im2spec-predict.ts';
import { disposeIm2SpecNetwork } from '../src/models/structure-property/im2spec-network.ts';
import { gather, pairsAsTrainingData } from '../src/models/structure-property/im2spec-data.ts';
import { fitRidgeCv, predictRidge } from '../src/models/structure-property/ridge.ts';
import type { LoopDescriptor } from '../src/agents/spaces/loop-descriptors.ts';
import { rSquared } from '../src/agents/campaign-report.ts';
import { Rng } from '../src/sim/rng.ts';
import { pooledRSquared } from '../src/models/structure-property/r-squared.ts';
import { descriptorsOfLoops, predictWithinImage } from '../src/models/structure-property/within-image.ts';
import { writePredictionFigures } from '../src/models/structure-property/prediction-figures.ts';
import { channelsFlag, w3PairsOptions, twinPairsAsPaired } from '../src/agents/workflows/twin-pairs-config.ts';
import type { Im2SpecOptions } from '../src/models/structure-property/im2spec-options.ts';
import { trainDualVae } from '../src/models/structure-property/dual-vae-train.ts';
import { predictDual } from '../src/models/structure-property/dual-vae-predict.ts';
import { disposeDualVaeNetwork } from '../src/models/structure-property/dual-vae-network.ts';
import { writeDualLatentFigures } from '../src/models/structure-property/dual-vae-figures.ts';
import type { DualVaeOptions } from '../src/models/structure-property/dual-vae-options.ts';

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      pairs: { type: 'string' }, channels: { type: 'string' }, train: { type: 'string', default: '500' }, epochs: { type: 'string', default: '200' },
      seeds: { type: 'string', default: '0,1,2' }, members: { type: 'string', default: '4' }, split: { type: 'string', default: 'random' },
      models: { type: 'string', default: 'det,var,ens,s2i,dual' }, within: { type: 'string', default: 'on' }, descriptor: { type: 'string', default: 'area' }, figures: { type: 'string' },
      latent: { type: 'string', default: '8' }, beta: { type: 'string', default: '0.1' }, decay: { type: 'string', default: '1e-4' },
      activation: { type: 'string', default: 'tanh' }, lr: { type: 'string', default: '1e-3' }, encoder: { type: 'string', default: 'conv' },
      conv: { type: 'string', default: '16,32' }, hidden: { type: 'string', default: '128,64' },
      'dual-latent': { type: 'string', default: '2' }, tie: { type: 'string', default: '1' }, cross: { type: 'string', default: '1' },
    },
  });
  const pairs = values.pairs ? parsePairsNpz(readFileSync(values.pairs), values.pairs) : await measured(values.channels);
  console.log(`${pairs.count} pairs, patches ${pairs.channels ?? 1} × ${pairs.patch} × ${pairs.patch}${values.pairs ? ` from ${values.pairs}` : ` (${channelsFlag(values.channels).join(', ')})`}`);
  await initTfBackend();
  const descriptor = values.descriptor as LoopDescriptor;
  const models = values.models!.split(',');
  const common: Im2SpecOptions = {
    epochs: Number(values.epochs), latentDim: Number(values.latent), beta: Number(values.beta), weightDecay: Number(values.decay),
    activation: values.activation as 'tanh', learningRate: Number(values.lr), encoder: values.encoder as 'conv',
    convChannels: values.conv!.split(',').map(Number), hidden: values.hidden!.split(',').map(Number),
  };
  const dualOptions: DualVaeOptions = {
    epochs: common.epochs, latentDim: Number(values['dual-latent']), beta: common.beta, weightDecay: common.weightDecay, activation: common.activation,
    learningRate: common.learningRate, encoder: common.encoder, convChannels: common.convChannels, hidden: common.hidden,
    tie: Number(values.tie), cross: Number(values.cross),
  };
  const rows = ['| split | seed | model | R² descriptor | R² loop (pooled) | R² patch from loop (pooled) | ±2σ covers descriptor / loop | s |', '|---|---|---|---|---|---|---|---|'];
  const pct = (v: number): string => `${(100 * v).toFixed(0)} %`;
  const f3 = (v: number): string => (Number.isNaN(v) ? '–' : v.toFixed(3));
  const print = (split: string, seed: number, model: string, r2d: number, r2l: number, s: number, cover = '', r2p = NaN): void => {
    const line = `| ${split} | ${seed} | ${model} | ${f3(r2d)} | ${f3(r2l)} | ${f3(r2p)} | ${cover || '–'} | ${s.toFixed(1)} |`;
    rows.push(line);
    console.log(line);
  };
  const members = Math.max(1, Number(values.members));
  const coverage = (truth: ArrayLike<number>, mean: ArrayLike<number>, std: ArrayLike<number>): number => {
    let inside = 0;
    for (let i = 0; i < truth.length; i++) if (Math.abs(truth[i] - mean[i]) <= 2 * std[i]) inside++;
    return inside / truth.length;
  };
  for (const seed of values.seeds!.split(',').map(Number)) {
    const { train, test } = split(pairs, values.split!, Number(values.train), seed);
    const truth = Float64Array.from(test, (i) => pairs.descriptor[i]);
    const truthLoops = gather(pairs.spectra, pairs.points, test);
    const fromLoops = (loops: ArrayLike<number>): Float64Array => descriptorsOfLoops(descriptor, pairs.bias, Float32Array.from(loops), test.length);
    const d = structureSize(pairs);
    const xTrain = gather(pairs.structure, d, train);
    const xTest = gather(pairs.structure, d, test);
    let t0 = performance.now();
    const ridgeD = fitRidgeCv(xTrain, Float64Array.from(train, (i) => pairs.descriptor[i]), train.length, undefined, 5, seed);
    print(values.split!, seed, `ridge → descriptor (λ ${ridgeD.lambda})`, rSquared(truth, predictRidge(ridgeD, xTest, test.length)), NaN, (performance.now() - t0) / 1000);
    t0 = performance.now();
    const ridgeL = fitRidgeCv(xTrain, gather(pairs.spectra, pairs.points, train), train.length, undefined, 5, seed);
    const ridgeLoops = predictRidge(ridgeL, xTest, test.length);
    print(values.split!, seed, `ridge → loop (λ ${ridgeL.lambda})`, rSquared(truth, fromLoops(ridgeLoops)), pooledRSquared(truthLoops, ridgeLoops, pairs.points), (performance.now() - t0) / 1000);
    const data = pairsAsTrainingData(pairs, 'im2spec', train);
    if (models.includes('det') || models.includes('ens')) {
      t0 = performance.now();
      const count = models.includes('ens') ? members : 1;
      const trained = [];
      for (let m = 0; m < count; m++) trained.push(await trainIm2Spec(data, { ...common, seed: seed * 100 + m }));
      const seconds = (performance.now() - t0) / 1000;
      const first = predictIm2Spec(trained[0], xTest, test.length);
      print(values.split!, seed, `im2spec deterministic ${common.encoder} (epoch ${trained[0].bestEpoch})`, rSquared(truth, fromLoops(first)), pooledRSquared(truthLoops, first, pairs.points), seconds / count);
      if (count > 1) {
        const { mean, std, members: each } = predictEnsemble(trained, xTest, test.length);
        const perMember = each.map((p) => fromLoops(p));
        const dStd = Float64Array.from(test, (_, i) => {
          const mu = perMember.reduce((s, v) => s + v[i], 0) / count;
          return Math.sqrt(perMember.reduce((s, v) => s + (v[i] - mu) ** 2, 0) / count);
        });
        const meanD = fromLoops(mean);
        const cover = `${pct(coverage(truth, meanD, dStd))} / ${pct(coverage(truthLoops, mean, std))}`;
        print(values.split!, seed, `im2spec ensemble of ${count} (epochs ${trained.map((t) => t.bestEpoch).join('/')})`, rSquared(truth, meanD), pooledRSquared(truthLoops, mean, pairs.points), seconds, cover);
      }
      for (const t of trained) disposeIm2SpecNetwork(t.network);
    }
    const variants: [string, Im2SpecOptions][] = [];
    if (models.includes('mlp')) variants.push(['im2spec deterministic mlp', { ...common, encoder: 'mlp' }]);
    if (models.includes('var')) variants.push([`im2spec variational β ${common.beta}`, { ...common, variational: true }]);
    for (const [name, opts] of variants) {
      t0 = performance.now();
      const t = await trainIm2Spec(data, { ...opts, seed: seed * 100 });
      const p = predictIm2Spec(t, xTest, test.length);
      print(values.split!, seed, `${name} (epoch ${t.bestEpoch})`, rSquared(truth, fromLoops(p)), pooledRSquared(truthLoops, p, pairs.points), (performance.now() - t0) / 1000);
      disposeIm2SpecNetwork(t.network);
    }
    const truthPatches = gather(pairs.structure, d, test);
    const loopsTest = gather(pairs.spectra, pairs.points, test);
    if (models.includes('s2i')) {
      t0 = performance.now();
      const t = await trainIm2Spec(pairsAsTrainingData(pairs, 'spec2im', train), { ...common, direction: 'spec2im', seed: seed * 100 });
      const p = predictIm2Spec(t, loopsTest, test.length);
      print(values.split!, seed, `spec2im deterministic ${common.encoder} (epoch ${t.bestEpoch})`, NaN, NaN, (performance.now() - t0) / 1000, '', pooledRSquared(truthPatches, p, d));
      disposeIm2SpecNetwork(t.network);
    }
    if (models.includes('dual')) {
      t0 = performance.now();
      const t = await trainDualVae({ count: train.length, patch: pairs.patch, ...(pairs.channels ? { channels: pairs.channels } : {}), points: pairs.points, structure: xTrain, spectra: gather(pairs.spectra, pairs.points, train) }, { ...dualOptions, seed: seed * 100 });
      const loops = predictDual(t, 'im2spec', xTest, test.length);
      const patches = predictDual(t, 'spec2im', loopsTest, test.length);
      print(values.split!, seed, `dual VAE latent ${dualOptions.latentDim}, β ${dualOptions.beta}, tie ${dualOptions.tie}, cross ${dualOptions.cross} (epoch ${t.bestEpoch})`, rSquared(truth, fromLoops(loops)), pooledRSquared(truthLoops, loops, pairs.points),
        (performance.now() - t0) / 1000, '', pooledRSquared(truthPatches, patches, d));
      if (values.figures && seed === Number(values.seeds!.split(',')[0])) {
        const paths = await writeDualLatentFigures(values.figures, t, pairs, descriptor, `dual VAE trained on ${train.length} pairs (seed ${seed}), all ${pairs.count} pairs encoded`);
        console.log(`figures: ${paths.map((p) => `${p}.png`).join(', ')}`);
      }
      disposeDualVaeNetwork(t.network);
    }
  }
  if (pairs.pixels && values.within !== 'off') {
    const t0 = performance.now();
    const w = await predictWithinImage(pairs, { ...common, seed: 0 }, descriptor, 'left', members);
    const measuredLoops = gather(pairs.spectra, pairs.points, w.test);
    const cover = members > 1 ? `${pct(coverage(w.measuredDescriptor, w.predictedDescriptor, w.descriptorStd))} / ${pct(coverage(measuredLoops, w.predicted, w.std))}` : '';
    print('within image (left → right)', 0, `im2spec ensemble of ${members}, ${w.train.length} train / ${w.test.length} held out (epochs ${w.bestEpochs.join('/')})`, w.r2Descriptor, w.r2Loop, (performance.now() - t0) / 1000, cover);
    const dir = values.figures ?? mkdtempSync(join(tmpdir(), 'ferroloop-bench-im2spec-'));
    mkdirSync(dir, { recursive: true });
    const subtitle = `trained on the left half (${w.train.length} pairs), predicted the right (${w.test.length}): R² ${descriptor} ${w.r2Descriptor.toFixed(3)}, R² loop ${w.r2Loop.toFixed(3)}`;
    const paths = await writePredictionFigures(dir, { pairs, rows: w.test, predicted: w.predicted, ...(members > 1 ? { std: w.std } : {}), predictedDescriptor: w.predictedDescriptor, descriptor, subtitle });
    console.log(`figures: ${paths.map((p) => `${p}.png`).join(', ')}`);
  }
  console.log(`\n${pairs.count} pairs, ${values.train} training (${values.split}), descriptor ${descriptor}\n${rows.join('\n')}`);
}

/** Training and held-out rows: a seeded random draw of `n`, or the left half of the scan (then `n` drawn from it). */
function split(pairs: PairedData, how: string, n: number, seed: number): { train: number[]; test: number[] } {
  const all = [...Array(pairs.count).keys()];
  const rng = new Rng(seed + 1);
  if (how === 'half') {
    const xs = all.map((i) => pairs.pixels![2 * i]);
    const mid = (Math.min(...xs) + Math.max(...xs) + 1) / 2;
    const left = all.filter((i) => xs[i] < mid);
    const pick = Array.from(rng.sampleWithoutReplacement(left.length, Math.min(n, left.length)), (k) => left[k]);
    return { train: pick, test: all.filter((i) => xs[i] >= mid) };
  }
  const chosen = new Set(rng.sampleWithoutReplacement(pairs.count, n));
  return { train: all.filter((i) => chosen.has(i)), test: all.filter((i) => !chosen.has(i)) };
}

async function measured(channels: string | undefined): Promise<PairedData> {
  const { twinPairs } = await import('../src/agents/workflows/twin-pairs.ts');
  const { loadCampaignConfig } = await import('../src/config-loader.ts');
  const text = readFileSync(new URL('../configs/dkl-microscope.json', import.meta.url), 'utf8');
  return twinPairsAsPaired(await twinPairs({ ...w3PairsOptions(loadCampaignConfig(text, 'dkl-microscope'), 'dkl-microscope'), channels: channelsFlag(channels) }));
}
