// VAE family on the procedural cards: `npm run bench -- vae-family [--size 48] [--count 4000] [--epochs 30]
// [--seeds 3] [--hidden 128] [--members 4] [--angle-consistency 0] [--angle-kl full|variance] [--angle-prior 1.571]`. Prints, per model and seed, the figures the lecture reports:
// rVAE: circular correlation |r| of the angle latent with the true angle (spade, heart, club: the diamond's angle
// is defined only modulo π) and held-out softmax-regression accuracy of the suit from the content latents;
// jVAE/jrVAE: adjusted Rand index of the discrete class vs the suit, ensemble dispersion per suit;
// ssVAE (labels for `--labelled` cards per suit): accuracy of q(y|x) on the unlabelled cards at shear 1° and 20°;
// cVAE (--models cvae): the share of each class's decoded traversal that 5-nearest-neighbour classification of pixels
// assigns to that class.
// Also s/epoch of each model. Cards are generated with --rotation (default 120°) and the given shear.
// jVAE/jrVAE knobs: --discrete gumbel|enumerate, --ramp F (capacities reach their maximum after F of the iterations),
// --lr, --batch, --cap-z (C_z,max nats), --gamma (γ of both capacities), --balance (weight of KL(q̄ ‖ uniform)); ssVAE: --aux (auxWeight), --ss-epochs.
import { parseArgs } from 'node:util';
import { generateCards, HALF_TURN_SYMMETRIC } from '../src/data/cards.ts';
import { initTfBackend } from '../src/models/tf/tf-backend.ts';
import { trainFamily } from '../src/models/vae/family-train.ts';
import { decodeLatents, encodeImages, traversalLatents } from '../src/models/vae/family-infer.ts';
import { knnClassify } from './lib/knn-classifier.ts';
import { disposeFamilyNetwork } from '../src/models/vae/family-network.ts';
import { adjustedRandIndex, alignLabels, argmaxRows, ensembleClasses } from '../src/models/vae/ensemble-classes.ts';
import { accuracy, circularCorrelation, logisticRegressionAccuracy } from '../src/models/vae/latent-metrics.ts';
import type { VaeFamilyKind } from '../src/models/vae/family-options.ts';

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string', default: '32' }, count: { type: 'string', default: '2000' }, epochs: { type: 'string', default: '20' },
      seeds: { type: 'string', default: '3' }, hidden: { type: 'string', default: '128' }, members: { type: 'string', default: '4' },
      rotation: { type: 'string', default: '120' }, labelled: { type: 'string', default: '200' }, models: { type: 'string', default: 'rvae,jvae,jrvae,ssvae,cvae' },
      'angle-consistency': { type: 'string', default: '0' }, 'angle-kl': { type: 'string', default: 'full' }, 'angle-prior': { type: 'string', default: String(Math.PI / 2) },
      discrete: { type: 'string', default: 'gumbel' }, ramp: { type: 'string', default: '0.625' }, lr: { type: 'string', default: '0.001' },
      batch: { type: 'string', default: '64' }, 'cap-z': { type: 'string', default: '5' }, gamma: { type: 'string', default: '30' },
      balance: { type: 'string', default: '0' }, aux: { type: 'string' }, 'ss-epochs': { type: 'string' },
    },
  });
  const size = Number(values.size);
  const count = Number(values.count);
  const epochs = Number(values.epochs);
  const seeds = Number(values.seeds);
  const hidden = Number(values.hidden);
  const models = values.models!.split(',') as VaeFamilyKind[];
  await initTfBackend();
  console.log(`cards ${count} × ${size}×${size}, rotations ±${values.rotation}°, ${epochs} epochs, hidden ${hidden}, ${seeds} seeds`);
  const rows: string[] = ['| model | seed | metric | value | s/epoch |', '|---|---|---|---|---|'];
  const print = (model: string, seed: number, metric: string, value: number | string, secs: number) => {
    const line = `| ${model} | ${seed} | ${metric} | ${typeof value === 'number' ? value.toFixed(3) : value} | ${secs.toFixed(2)} |`;
    rows.push(line);
    console.log(line);
  };
  for (let seed = 0; seed < seeds; seed++) {
    const shear = 20;
    const train = generateCards({ count, size, seed: 100 + seed, maxRotationDeg: Number(values.rotation), maxShearDeg: shear });
    const held = generateCards({ count: Math.min(1000, count), size, seed: 900 + seed, maxRotationDeg: Number(values.rotation), maxShearDeg: shear });
    const data = { count, height: size, width: size, images: train.images };
    const batchSize = Number(values.batch);
    const common = { epochs, batchSize, learningRate: Number(values.lr), hidden: [hidden, hidden], decoderHidden: [hidden, hidden], latentDim: 2, classes: 4, seed };
    const rampIterations = Math.max(1, Math.round(Number(values.ramp) * epochs * Math.ceil(count / batchSize)));
    const gamma = Number(values.gamma);
    for (const kind of models) {
      if (kind === 'rvae') {
        const t = await trainFamily(data, { ...common, kind, angleConsistency: Number(values['angle-consistency']), angleKl: values['angle-kl'] as 'full' | 'variance', anglePrior: Number(values['angle-prior']) });
        const secs = mean(t.history.map((e) => e.seconds));
        const enc = encodeImages(t.network, t.scaling, held.images, held.count);
        const g = t.network.layout.gaussian;
        const keep = Array.from({ length: held.count }, (_, i) => i).filter((i) => !HALF_TURN_SYMMETRIC.has(held.labels[i]));
        const r = circularCorrelation(keep.map((i) => enc.mu[i * g]), keep.map((i) => held.angles[i]));
        print('rvae', seed, '|circular r| angle (held out)', Math.abs(r), secs);
        const content = Float64Array.from({ length: held.count * 2 }, (_, q) => enc.mu[(q >> 1) * g + 3 + (q & 1)]);
        print('rvae', seed, 'suit from z (logistic, held out)', logisticRegressionAccuracy(content, held.count, 2, held.labels, 4), secs);
        disposeFamilyNetwork(t.network);
      } else if (kind === 'jvae' || kind === 'jrvae') {
        const members = Number(values.members);
        const probabilities: Float32Array[] = [];
        let secs = 0;
        for (let m = 0; m < members; m++) {
          const t = await trainFamily(data, {
            ...common, kind, seed: seed * 100 + m, discrete: values.discrete as 'gumbel' | 'enumerate', balance: Number(values.balance),
            continuousCapacity: [Number(values['cap-z']), rampIterations, gamma], discreteCapacity: [Math.log(4), rampIterations, gamma],
          });
          secs += mean(t.history.map((e) => e.seconds));
          const enc = encodeImages(t.network, t.scaling, held.images, held.count);
          probabilities.push(enc.probabilities!);
          print(kind, seed, `ARI class vs suit (member ${m})`, adjustedRandIndex(argmaxRows(enc.probabilities!, held.count, 4), held.labels), secs / (m + 1));
          disposeFamilyNetwork(t.network);
        }
        secs /= members;
        const e = ensembleClasses(probabilities, held.count, 4);
        print(kind, seed, `ARI ensemble majority (${members})`, adjustedRandIndex(e.classes, held.labels), secs);
        const perSuit = [0, 1, 2, 3].map((s) => mean(Array.from(e.dispersion).filter((_, i) => held.labels[i] === s)));
        print(kind, seed, 'dispersion spade/heart/diamond/club', perSuit.map((v) => v.toFixed(3)).join(' / '), secs);
        // Stability per suit: share of its cards whose majority class, mapped to suits (Hungarian), is the true suit.
        const toSuit = alignLabels(held.labels, e.classes, 4);
        const perSuitAccuracy = [0, 1, 2, 3].map((s) => accuracy(Array.from(e.classes).filter((_, i) => held.labels[i] === s).map((c) => toSuit[c]), Array.from(held.labels).filter((l) => l === s)));
        print(kind, seed, 'majority accuracy spade/heart/diamond/club', perSuitAccuracy.map((v) => v.toFixed(3)).join(' / '), secs);
        const least = perSuitAccuracy.indexOf(Math.min(...perSuitAccuracy));
        print(kind, seed, 'least stable suit has the largest dispersion', least === perSuit.indexOf(Math.max(...perSuit)) ? 'yes' : 'no', secs);
      } else if (kind === 'cvae') {
        // Each class's 8×8 traversal decoded and classified by 5-nearest neighbours among the training cards; the
        // classifier's accuracy on held-out real cards is the ceiling the purity can be read against.
        const t = await trainFamily({ ...data, labels: train.labels }, { ...common, kind });
        const secs = mean(t.history.map((e) => e.seconds));
        const pixels = size * size;
        const ceiling = accuracy(knnClassify(train.images, train.labels, held.images.subarray(0, 200 * pixels), pixels), held.labels.subarray(0, 200));
        const latents = traversalLatents(t.network, 8, 8);
        const purity = [0, 1, 2, 3].map((k) => {
          const decoded = decodeLatents(t.network, latents, 64, k);
          return accuracy(knnClassify(train.images, train.labels, decoded, pixels), new Int32Array(64).fill(k));
        });
        print('cvae', seed, 'traversal of class k classified as k (5-NN), spade/heart/diamond/club', purity.map((v) => v.toFixed(3)).join(' / '), secs);
        print('cvae', seed, '5-NN accuracy on held-out real cards (ceiling)', ceiling, secs);
        disposeFamilyNetwork(t.network);
      } else if (kind === 'ssvae') {
        for (const ssShear of [1, 20]) {
          const c = generateCards({ count, size, seed: 300 + seed, maxRotationDeg: Number(values.rotation), maxShearDeg: ssShear });
          const labelled = Number(values.labelled);
          const seen = [0, 0, 0, 0];
          const labels = Int32Array.from(c.labels, (l) => (seen[l]++ < labelled ? l : -1));
          const ss = { ...common, epochs: Number(values['ss-epochs'] ?? epochs), ...(values.aux === undefined ? {} : { auxWeight: Number(values.aux) }) };
          const t = await trainFamily({ count, height: size, width: size, images: c.images, labels }, { ...ss, kind, invariant: true });
          const enc = encodeImages(t.network, t.scaling, c.images, c.count);
          const unl = Array.from({ length: count }, (_, i) => i).filter((i) => labels[i] < 0);
          const predicted = argmaxRows(enc.probabilities!, count, 4);
          print('ssvae (invariant)', seed, `accuracy on unlabelled, shear ${ssShear}°`, accuracy(unl.map((i) => predicted[i]), unl.map((i) => c.labels[i])), mean(t.history.map((e) => e.seconds)));
          disposeFamilyNetwork(t.network);
        }
      }
    }
  }
  console.log(`\n${rows.join('\n')}`);
}

function mean(v: readonly number[]): number {
  return v.length === 0 ? NaN : v.reduce((a, b) => a + b, 0) / v.length;
}
