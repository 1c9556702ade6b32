// im2spec on W3's twin: `npm run bench -- im2spec [--pairs FILE.npz] [--train 500] [--epochs 200] [--seeds 0,1,2]
// [--members 4] [--split random|half] [--models det,mlp,var,ens] [--encoder conv|mlp] [--conv 16,32] [--figures DIR]`. The pairs come from
// FILE.npz (ferroloop twin pairs --out FILE.npz; all of W3's candidates) or are measured here. Held-out R² of the
// loop descriptor computed from each predicted loop, against ridge regression on the same patches and split
// (λ by 5-fold CV on the training rows): ridge → descriptor directly, and ridge → loop → descriptor.
// --split half trains on the left half of the scan (x < nx/2) and predicts the right half.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parsePairsNpz, type PairedData } from '../src/data/pairs-npz.ts';
import { initTfBackend } from '../src/models/tf/tf-backend.ts';
import { trainIm2Spec } from '../src/models/structure-property/im2spec-train.ts';
import { predictEnsemble, predictIm2Spec } from '../src/models/structure-property/im2spec-predict.ts';
import { disposeIm2SpecNetwork } from '../src/models/structure-property/im2spec-network.ts';
import { gather, pairsAsTrainingData } from '../src/models/structure-property/im2spec-data.ts';
import { fitRidgeCv, predictRidge } from '../src/models/structure-property/ridge.ts';
import { loopDescriptor, type LoopDescriptor } from '../src/agents/spaces/loop-descriptors.ts';
import { rSquared } from '../src/agents/campaign-report.ts';
import { Rng } from '../src/sim/rng.ts';
import type { Im2SpecOptions } from '../src/models/structure-property/im2spec-options.ts';

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      pairs: { type: 'string' }, train: { type: 'string', default: '500' }, epochs: { type: 'string', default: '200' },
      seeds: { type: 'string', default: '0,1,2' }, members: { type: 'string', default: '4' }, split: { type: 'string', default: 'random' },
      models: { type: 'string', default: 'det,var,ens' }, descriptor: { type: 'string', default: 'area' }, figures: { type: 'string' },
      latent: { type: 'string', default: '8' }, beta: { type: 'string', default: '0.1' }, decay: { type: 'string', default: '1e-4' },
      activation: { type: 'string', default: 'tanh' }, lr: { type: 'string', default: '1e-3' }, encoder: { type: 'string', default: 'conv' },
      conv: { type: 'string', default: '16,32' }, hidden: { type: 'string', default: '128,64' },
    },
  });
  const pairs = values.pairs ? parsePairsNpz(readFileSync(values.pairs), values.pairs) : await measured();
  await initTfBackend();
  const descriptor = values.descriptor as LoopDescriptor;
  const models = values.models!.split(',');
  const common: Im2SpecOptions = {
    epochs: Number(values.epochs), latentDim: Number(values.latent), beta: Number(values.beta), weightDecay: Number(values.decay),
    activation: values.activation as 'tanh', learningRate: Number(values.lr), encoder: values.encoder as 'conv',
    convChannels: values.conv!.split(',').map(Number), hidden: values.hidden!.split(',').map(Number),
  };
  const rows = ['| split | seed | model | R² descriptor | R² loop | s |', '|---|---|---|---|---|---|'];
  const print = (split: string, seed: number, model: string, r2d: number, r2l: number, s: number): void => {
    const line = `| ${split} | ${seed} | ${model} | ${r2d.toFixed(3)} | ${Number.isNaN(r2l) ? '–' : r2l.toFixed(3)} | ${s.toFixed(1)} |`;
    rows.push(line);
    console.log(line);
  };
  for (const seed of values.seeds!.split(',').map(Number)) {
    const { train, test } = split(pairs, values.split!, Number(values.train), seed);
    const truth = Float64Array.from(test, (i) => pairs.descriptor[i]);
    const truthLoops = gather(pairs.spectra, pairs.points, test);
    const fromLoops = (loops: ArrayLike<number>): Float64Array => Float64Array.from(test, (_, i) => loopDescriptor(descriptor, pairs.bias, Array.from(loops).slice(i * pairs.points, (i + 1) * pairs.points)));
    const d = pairs.patch * pairs.patch;
    const xTrain = gather(pairs.structure, d, train);
    const xTest = gather(pairs.structure, d, test);
    let t0 = performance.now();
    const ridgeD = fitRidgeCv(xTrain, Float64Array.from(train, (i) => pairs.descriptor[i]), train.length, undefined, 5, seed);
    print(values.split!, seed, `ridge → descriptor (λ ${ridgeD.lambda})`, rSquared(truth, predictRidge(ridgeD, xTest, test.length)), NaN, (performance.now() - t0) / 1000);
    t0 = performance.now();
    const ridgeL = fitRidgeCv(xTrain, gather(pairs.spectra, pairs.points, train), train.length, undefined, 5, seed);
    const ridgeLoops = predictRidge(ridgeL, xTest, test.length);
    print(values.split!, seed, `ridge → loop (λ ${ridgeL.lambda})`, rSquared(truth, fromLoops(ridgeLoops)), rSquared(truthLoops, ridgeLoops), (performance.now() - t0) / 1000);
    const data = pairsAsTrainingData(pairs, 'im2spec', train);
    const variants: [string, Im2SpecOptions, number][] = [];
    if (models.includes('det')) variants.push([`im2spec deterministic ${common.encoder}`, { ...common }, 1]);
    if (models.includes('mlp')) variants.push(['im2spec deterministic mlp', { ...common, encoder: 'mlp' }, 1]);
    if (models.includes('var')) variants.push([`im2spec variational β ${common.beta}`, { ...common, variational: true }, 1]);
    if (models.includes('ens')) variants.push([`im2spec ensemble of ${values.members}`, { ...common }, Number(values.members)]);
    for (const [name, opts, members] of variants) {
      t0 = performance.now();
      const trained = [];
      for (let m = 0; m < members; m++) trained.push(await trainIm2Spec(data, { ...opts, seed: seed * 100 + m }));
      const { mean } = predictEnsemble(trained, xTest, test.length);
      const epochs = trained.map((t) => t.bestEpoch).join('/');
      print(values.split!, seed, `${name} (epoch ${epochs})`, rSquared(truth, fromLoops(mean)), rSquared(truthLoops, mean), (performance.now() - t0) / 1000);
      for (const t of trained) disposeIm2SpecNetwork(t.network);
    }
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

async function measured(): Promise<PairedData> {
  const { twinPairs } = await import('../src/agents/workflows/twin-pairs.ts');
  const { loadCampaignConfig } = await import('../src/config-loader.ts');
  const text = readFileSync(new URL('../configs/dkl-microscope.json', import.meta.url), 'utf8');
  const cfg = loadCampaignConfig(text, 'dkl-microscope');
  if (cfg.instrument.kind !== 'ferrosim' || cfg.workflow.kind !== 'dkl-microscope') throw new Error('configs/dkl-microscope.json changed kind');
  const w = cfg.workflow;
  const p = await twinPairs({ twin: cfg.instrument.twin, channel: w.scan.channel, pixels: w.scan.pixels, patch: w.patch, amplitude: w.spectroscopy.amplitude, points: w.spectroscopy.points });
  return {
    count: p.count, patch: p.patch, points: p.points, structure: p.structure, spectra: p.spectra, bias: Float32Array.from(p.bias),
    descriptor: Float32Array.from(p.descriptor), pixels: Float32Array.from(p.pixels),
  };
}
