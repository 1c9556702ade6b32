/** `ferroloop vae train`: trains one model or an ensemble and saves it; Ctrl-C keeps the best epoch so far. */
import { mkdir } from 'node:fs/promises';
import { InputError } from '../../errors.ts';
import { choiceFlag, intFlag, numberFlag, parseCliArgs } from '../cli-args.ts';
import { VAE_FAMILY_KINDS, type FamilyOptions } from '../../models/vae/family-options.ts';
import { loadImageStack } from './image-data.ts';
import { saveMember, writeManifest } from './model-dir.ts';
import { ProgressBar } from '../../util/progress-bar.ts';
import { cardsFromFlags } from './cards-flags.ts';

const HELP = `usage: ferroloop vae train --model KIND --data cards|FILE.npy --out DIR [options]

Trains a model of the VAE family and saves it to DIR (ensemble.json and member-0 … member-M−1).
Progress: a bar per epoch on stderr, then one line per epoch with the loss (negative ELBO, nats per
image), the reconstruction term and each KL term (content, angle, shift, discrete).
Ctrl-C stops after the current minibatch and saves the best epoch reached (exit 130).

options:
  --model KIND      vae | cvae | rvae | ssvae | jvae | jrvae (required); im2spec | spec2im train the
                    structure ↔ loop encoder–decoders on paired data instead (see --model im2spec --help),
                    dual-vae the tied structure and loop VAEs (see --model dual-vae --help)
  --data SRC        cards (generated, see below) or an N×H×W (images) / N×L (spectra) .npy stack
  --labels FILE     class per image, .npy or a one-column CSV; −1 = unknown (cvae: all known;
                    ssvae: some known). With --data cards the true suits are used.
  --labelled N      ssvae on cards: keep N labels per suit, the rest unknown (default 200)
  --classes K       classes / size of the discrete latent (default 4)
  --latent D        continuous content latents (default 2)
  --epochs N        epochs (default 100)
  --batch N         minibatch size (default 64)
  --lr X            Adam learning rate (default 0.001)
  --hidden N        width of the hidden layers of encoder and decoder (default 128)
  --encoder E       mlp (default) | conv: 3×3 conv stages (1×3 for spectra), ReLU, 2× average pooling,
                    then the MLP   --conv C1,C2…   channels per conv stage (default 16,32)
  --likelihood L    bernoulli (default; intensities are rescaled to [0, 1]) | gaussian
  --invariant       ssvae: rotation-invariant variant (spatial decoder)
  --ensemble M      train M members with seeds S … S+M−1 (default 1)
  --seed S          seed (default 0)
  --out DIR         output directory (required; created)
  --quiet           no progress bar
  --no-figures      skip the figures (latent.png: latents coloured by class or rotation;
                    manifold[-class-K].png: traversal per class; ensemble-dispersion.png)
cards (the lecture's data set, drawn by code):
  --count N         images (default 4000)    --size PX       side in pixels (default 48)
  --rotation DEG    rotations in ±DEG (default 120)    --shear DEG   shears in ±DEG (default 20)`;

export async function runVaeTrain(args: string[]): Promise<number> {
  const kindArg = modelArg(args);
  if (kindArg === 'im2spec' || kindArg === 'spec2im') return (await import('./im2spec-train-command.ts')).runIm2SpecTrain(args);
  if (kindArg === 'dual-vae') return (await import('./dual-vae-train-command.ts')).runDualVaeTrain(args);
  const { values } = parseCliArgs(args, {
    model: { type: 'string' }, data: { type: 'string' }, labels: { type: 'string' }, labelled: { type: 'string' },
    classes: { type: 'string' }, latent: { type: 'string' }, epochs: { type: 'string' }, batch: { type: 'string' },
    lr: { type: 'string' }, hidden: { type: 'string' }, encoder: { type: 'string' }, conv: { type: 'string' }, likelihood: { type: 'string' }, invariant: { type: 'boolean' },
    ensemble: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, quiet: { type: 'boolean' }, 'no-figures': { type: 'boolean' },
    count: { type: 'string' }, size: { type: 'string' }, rotation: { type: 'string' }, shear: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (values.model === undefined) throw new InputError('--model', `is required (${VAE_FAMILY_KINDS.join(', ')}, im2spec, spec2im or dual-vae)`);
  const kind = choiceFlag('model', values.model, VAE_FAMILY_KINDS, 'vae');
  if (values.data === undefined) throw new InputError('--data', 'is required (cards or FILE.npy)');
  if (values.out === undefined) throw new InputError('--out', 'is required (the model directory)');
  const seed = intFlag('seed', values.seed, 0, 0, 2 ** 31 - 1);
  const members = intFlag('ensemble', values.ensemble, 1, 1, 64);
  const hidden = intFlag('hidden', values.hidden, 128, 1, 4096);
  const cards = cardsFromFlags(values);
  let stack = await loadImageStack(values.data, values.labels, cards);
  if (kind === 'ssvae' && values.data === 'cards' && values.labels === undefined) {
    const keep = intFlag('labelled', values.labelled, 200, 1, cards.count);
    const seen = new Map<number, number>();
    const labels = Int32Array.from(stack.labels!, (l) => {
      const n = seen.get(l) ?? 0;
      seen.set(l, n + 1);
      return n < keep ? l : -1;
    });
    stack = { ...stack, labels };
  } else if (values.labelled !== undefined) {
    throw new InputError('--labelled', 'applies to --model ssvae with --data cards');
  }
  if ((kind === 'vae' || kind === 'rvae' || kind === 'jvae' || kind === 'jrvae') && values.labels !== undefined) {
    throw new InputError('--labels', `${kind} is unsupervised; labels are used by cvae and ssvae`);
  }
  const options: FamilyOptions = {
    kind,
    latentDim: intFlag('latent', values.latent, 2, 1, 64),
    classes: intFlag('classes', values.classes, 4, 2, 64),
    epochs: intFlag('epochs', values.epochs, 100, 1, 100_000),
    batchSize: intFlag('batch', values.batch, 64, 1, 65536),
    learningRate: numberFlag('lr', values.lr, 1e-3),
    hidden: [hidden, hidden],
    decoderHidden: [hidden, hidden],
    encoder: choiceFlag('encoder', values.encoder, ['mlp', 'conv'] as const, 'mlp'),
    ...(values.conv !== undefined ? { convChannels: convChannelsFlag(values.conv, values.encoder) } : {}),
    likelihood: choiceFlag('likelihood', values.likelihood, ['bernoulli', 'gaussian'] as const, 'bernoulli'),
    ...(values.invariant ? { invariant: true } : {}),
  };
  const { initTfBackend } = await import('../../models/tf/tf-backend.ts');
  const { trainFamily } = await import('../../models/vae/family-train.ts');
  const { disposeFamilyNetwork } = await import('../../models/vae/family-network.ts');
  await initTfBackend();
  await mkdir(values.out, { recursive: true });
  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130);
    process.stderr.write('\nstopping after this minibatch; the best epoch so far is kept (Ctrl-C again to quit now)\n');
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const meta = { source: stack.source, count: stack.count };
  try {
    for (let m = 0; m < members && !stop.signal.aborted; m++) {
      let bar: ProgressBar | undefined;
      const label = members > 1 ? `member ${m + 1}/${members} epoch` : 'epoch';
      // Unsupervised kinds never see labels (cards' true suits are kept for the figures only).
      const supervised = kind === 'cvae' || kind === 'ssvae';
      const model = await trainFamily({ ...stack, labels: supervised ? stack.labels : undefined }, { ...options, seed: seed + m }, {
        signal: stop.signal,
        onBatch: (done, total, epoch) => {
          if (values.quiet || !process.stderr.isTTY) return; // logs get the epoch lines only
          if (done === 1) bar = new ProgressBar({ total, label: `${label} ${epoch}` });
          bar?.update(done);
        },
        onEpoch: (e) => {
          if (bar) process.stderr.write('\r\x1b[K');
          bar = undefined;
          process.stderr.write(
            `${label} ${e.epoch}/${e.epochs} loss ${e.loss.toFixed(2)} recon ${e.reconstruction.toFixed(2)} kl_z ${e.klContent.toFixed(3)}` +
              `${options.kind === 'rvae' || options.kind === 'jrvae' || options.invariant ? ` kl_angle ${e.klAngle.toFixed(3)} kl_shift ${e.klShift.toFixed(3)}` : ''}` +
              `${e.klDiscrete !== 0 ? ` kl_class ${e.klDiscrete.toFixed(3)}` : ''} ${e.seconds.toFixed(1)}s${e.improved ? ' *' : ''}\n`,
          );
        },
      });
      try {
        if (model.bestEpoch === 0) {
          process.stderr.write(`member ${m}: stopped before the first epoch ended; nothing saved\n`);
          break;
        }
        await saveMember(values.out, m, model, meta);
        await writeManifest(values.out, { members: m + 1, kind, source: stack.source });
      } finally {
        disposeFamilyNetwork(model.network);
      }
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (!values['no-figures']) {
    const { loadModelDir } = await import('./model-dir.ts');
    const { writeTrainFigures } = await import('./train-figures.ts');
    const saved = await loadModelDir(values.out).catch(() => undefined);
    if (saved) {
      try {
        const names = stack.source === 'cards' ? ['spade', 'heart', 'diamond', 'club'] : undefined;
        const paths = await writeTrainFigures(values.out, saved.members, stack, names);
        process.stderr.write(`figures: ${paths.map((p) => p.slice(values.out!.length + 1)).join(', ')}\n`);
      } finally {
        for (const m of saved.members) disposeFamilyNetwork(m.network);
      }
    }
  }
  process.stderr.write(`saved to ${values.out}\n`);
  return stop.signal.aborted ? 130 : 0;
}

/** `--conv 16,32`: output channels per conv stage (1…256 each, at most 6 stages); needs `--encoder conv`. */
function convChannelsFlag(text: string, encoder: string | undefined): number[] {
  if (encoder !== 'conv') throw new InputError('--conv', 'applies to --encoder conv');
  const parts = text.split(',');
  if (parts.length > 6) throw new InputError('--conv', `at most 6 stages, got ${parts.length}`);
  return parts.map((p) => intFlag('conv', p.trim(), 16, 1, 256));
}

/** The value of `--model X` / `--model=X` in raw arguments (before the kind's own flags are parsed). */
function modelArg(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') return undefined;
    if (args[i] === '--model') return args[i + 1];
    if (args[i].startsWith('--model=')) return args[i].slice('--model='.length);
  }
  return undefined;
}
