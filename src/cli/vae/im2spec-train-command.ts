/** `ferroloop vae train --model im2spec|spec2im`: trains a structure ↔ loop encoder–decoder (or an ensemble) on paired data. */
import { InputError } from '../../errors.ts';
import { choiceFlag, intFlag, numberFlag, parseCliArgs } from '../cli-args.ts';
import { IM2SPEC_DIRECTIONS, type Im2SpecOptions } from '../../models/structure-property/im2spec-options.ts';
import { loadPairs } from './pairs-data.ts';

export const IM2SPEC_TRAIN_HELP = `usage: ferroloop vae train --model im2spec|spec2im --data FILE.npz|twin --out DIR [options]

Trains an encoder–decoder between a structure patch (P × P) and its switching loop (M points):
im2spec maps patch → loop, spec2im loop → patch. Deterministic (bottleneck z) or --variational
(z ~ N(μ, σ²), KL weighted by --beta; prediction decodes μ). Saves DIR/im2spec.json and
DIR/member-0 … member-M−1. One line per epoch on stderr: training loss (standardised MSE per
value, + β·KL), validation MSE, * when kept. Ctrl-C stops after the minibatch and saves the best
epoch (exit 130). Predict with ferroloop vae predict --model DIR.

options:
  --model KIND      im2spec | spec2im (required)
  --data SRC        a .npz of pairs (structure N×[C×]P×P, spectra N×M; ferroloop twin pairs writes one)
                    or twin: measure --count pairs on the twin of a W3 config now
  --half H          left | right: train on the pairs of that half of the scan only (x < W/2 or ≥;
                    needs the pixels array), to predict the other half ("within the image")
  --latent D        bottleneck size (default 8)
  --hidden W1,W2…   encoder MLP widths (default 128,64); the decoder mirrors them
  --encoder E       mlp (default) | conv: 3×3 conv stages (1×3 for spectra) before the MLP
  --conv C1,C2…     channels per conv stage (default 16,32; with --encoder conv)
  --variational     variational bottleneck   --beta X   KL weight (default 0.1)
  --epochs N        epochs (default 200)     --batch N   minibatch size (default 32)
  --lr X            Adam learning rate (default 0.001)   --decay X   L2 per weight (default 1e-4)
  --validation F    share of pairs held out to choose the epoch kept (default 0.1)
  --ensemble M      train M members with seeds S … S+M−1 (default 1); predict reports their std
  --seed S          seed (default 0)
  --out DIR         output directory (required; created)
  --quiet           no per-epoch lines
--data twin:
  --config CONFIG   a dkl-microscope config or shipped name (default dkl-microscope)
  --set path=value  override a config key     --count N   pairs (default 500)
  --pair-seed S     seed of the pixel draw (default 0)      --workers N   threads for the loops
  --channels LIST   scan channels per patch (default AMPL,PX,PY; as ferroloop twin pairs)`;

export async function runIm2SpecTrain(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, {
    model: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, half: { type: 'string' },
    latent: { type: 'string' }, hidden: { type: 'string' }, encoder: { type: 'string' }, conv: { type: 'string' },
    variational: { type: 'boolean' }, beta: { type: 'string' }, epochs: { type: 'string' }, batch: { type: 'string' },
    lr: { type: 'string' }, decay: { type: 'string' }, validation: { type: 'string' }, ensemble: { type: 'string' }, seed: { type: 'string' },
    quiet: { type: 'boolean' }, config: { type: 'string' }, set: { type: 'string', multiple: true }, count: { type: 'string' },
    'pair-seed': { type: 'string' }, workers: { type: 'string' }, channels: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${IM2SPEC_TRAIN_HELP}\n`);
    return 0;
  }
  const direction = choiceFlag('model', values.model, IM2SPEC_DIRECTIONS, 'im2spec');
  if (values.data === undefined) throw new InputError('--data', 'is required (FILE.npz or twin)');
  if (values.out === undefined) throw new InputError('--out', 'is required (the model directory)');
  const seed = intFlag('seed', values.seed, 0, 0, 2 ** 31 - 1);
  const members = intFlag('ensemble', values.ensemble, 1, 1, 64);
  const hidden = listFlag('hidden', values.hidden, 8, 4096) ?? [128, 64];
  if (values.beta !== undefined && !values.variational) throw new InputError('--beta', 'applies to --variational');
  if (values.conv !== undefined && values.encoder !== 'conv') throw new InputError('--conv', 'applies to --encoder conv');
  const options: Im2SpecOptions = {
    direction,
    latentDim: intFlag('latent', values.latent, 8, 1, 256),
    hidden, decoderHidden: [...hidden].reverse(),
    encoder: choiceFlag('encoder', values.encoder, ['mlp', 'conv'] as const, 'mlp'),
    ...(values.conv !== undefined ? { convChannels: listFlag('conv', values.conv, 6, 256) } : {}),
    variational: values.variational === true,
    ...(values.beta !== undefined ? { beta: numberFlag('beta', values.beta) } : {}),
    epochs: intFlag('epochs', values.epochs, 200, 1, 100_000),
    batchSize: intFlag('batch', values.batch, 32, 1, 65536),
    learningRate: numberFlag('lr', values.lr, 1e-3),
    weightDecay: numberFlag('decay', values.decay, 1e-4),
    validation: numberFlag('validation', values.validation, 0.1),
  };
  const { parseIm2SpecOptions } = await import('../../models/structure-property/im2spec-options.ts');
  parseIm2SpecOptions(options, 'options'); // bad values (e.g. --lr -1) fail before the data is read or measured
  const { pairs, source, descriptor } = await loadPairs(values.data, values);
  const { pairsAsTrainingData } = await import('../../models/structure-property/im2spec-data.ts');
  const { trainIm2Spec } = await import('../../models/structure-property/im2spec-train.ts');
  const { disposeIm2SpecNetwork } = await import('../../models/structure-property/im2spec-network.ts');
  const { saveIm2SpecMember, writeIm2SpecManifest } = await import('./im2spec-dir.ts');
  const data = pairsAsTrainingData(pairs, direction);
  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130);
    process.stderr.write('\nstopping after this minibatch; the best epoch so far is kept (Ctrl-C again to quit now)\n');
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const meta = { source, count: pairs.count, half: values.half ?? 'all', bias: Array.from(pairs.bias), ...(descriptor ? { descriptor } : {}) };
  try {
    for (let m = 0; m < members && !stop.signal.aborted; m++) {
      const label = members > 1 ? `member ${m + 1}/${members} epoch` : 'epoch';
      const model = await trainIm2Spec(data, { ...options, seed: seed + m }, {
        signal: stop.signal,
        onEpoch: (e) => {
          if (values.quiet) return;
          process.stderr.write(`${label} ${e.epoch}/${e.epochs} loss ${e.loss.toFixed(4)} mse ${e.mse.toFixed(4)}${options.variational ? ` kl ${e.kl.toFixed(4)}` : ''}` +
            `${Number.isNaN(e.validation) ? '' : ` validation ${e.validation.toFixed(4)}`} ${e.seconds.toFixed(1)}s${e.improved ? ' *' : ''}\n`);
        },
      });
      try {
        if (model.bestEpoch === 0) {
          process.stderr.write(`member ${m}: stopped before the first epoch ended; nothing saved\n`);
          break;
        }
        await saveIm2SpecMember(values.out, m, model, meta);
        await writeIm2SpecManifest(values.out, { members: m + 1, direction, source, ...(descriptor ? { descriptor: descriptor as 'area' } : {}) });
      } finally {
        disposeIm2SpecNetwork(model.network);
      }
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  process.stderr.write(`${direction} on ${pairs.count} pairs (${pairs.patch}×${pairs.patch} patches, loops of ${pairs.points}) saved to ${values.out}\n`);
  return stop.signal.aborted ? 130 : 0;
}

/** `--hidden 128,64`: positive integers up to `max`, at most `stages` of them. */
function listFlag(name: string, text: string | undefined, stages: number, max: number): number[] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(',');
  if (parts.length > stages) throw new InputError(`--${name}`, `at most ${stages} values, got ${parts.length}`);
  return parts.map((p) => intFlag(name, p.trim(), 1, 1, max));
}
