/** `ferroloop vae train --model dual-vae`: trains a dual VAE (tied structure and loop VAEs) on paired data. */
import { InputError } from '../../errors.ts';
import { intFlag, numberFlag, parseCliArgs } from '../cli-args.ts';
import type { DualVaeOptions } from '../../models/structure-property/dual-vae-options.ts';
import { loadPairs } from './pairs-data.ts';

export const DUAL_VAE_TRAIN_HELP = `usage: ferroloop vae train --model dual-vae --data FILE.npz|twin --out DIR [options]

Trains a dual VAE (arXiv:2208.03861): a VAE on the structure patches (P × P) and one on the loops
(M points) whose latent means are tied on each pair (λ‖μ_s − μ_p‖²), plus cross-reconstructions
(the loop decoded from the patch's latent, the patch from the loop's), so each modality alone
predicts the other. Saves DIR/dual-vae.json, DIR/member-0 and the joint latent map figures
DIR/latent-space.* (μ_s and μ_p coloured by the measured descriptor) and DIR/latent-map.* (each
latent coordinate of μ_s over the scan). One line per epoch on stderr: loss, self and cross MSEs
(standardised units per value), tie, validation cross MSE, * when kept. Ctrl-C stops after the
minibatch and saves the best epoch (exit 130). Predict with ferroloop vae predict --model DIR
(loops from structures; --direction spec2im structures from loops).

options:
  --data SRC        a .npz of pairs (structure N×[C×]P×P, spectra N×M; ferroloop twin pairs writes one)
                    or twin: measure --count pairs on the twin of a W3 config now
  --half H          left | right: train on the pairs of that half of the scan only
  --latent D        shared latent size (default 2; the latent-space figure shows z₁, z₂)
  --hidden W1,W2…   encoder MLP widths of both VAEs (default 128,64); the decoders mirror them
  --encoder E       mlp (default) | conv: 3×3 conv stages before the structure encoder's MLP
  --conv C1,C2…     channels per conv stage (default 16,32; with --encoder conv)
  --beta X          KL weight (default 0.1)     --tie X    λ of ‖μ_s − μ_p‖² (default 1)
  --cross X         weight of the cross-reconstruction terms (default 1)
  --epochs N        epochs (default 200)        --batch N  minibatch size (default 32)
  --lr X            Adam learning rate (default 0.001)   --decay X   L2 per weight (default 1e-4)
  --validation F    share of pairs held out to choose the epoch kept (default 0.1)
  --seed S          seed (default 0)
  --out DIR         output directory (required; created)
  --quiet           no per-epoch lines       --no-figures   skip the latent figures
--data twin:
  --config CONFIG   a dkl-microscope config or shipped name (default dkl-microscope)
  --set path=value  override a config key     --count N   pairs (default 500)
  --pair-seed S     seed of the pixel draw (default 0)      --workers N   threads for the loops
  --channels LIST   scan channels per patch (default AMPL,PX,PY; as ferroloop twin pairs)`;

export async function runDualVaeTrain(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, {
    model: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, half: { type: 'string' },
    latent: { type: 'string' }, hidden: { type: 'string' }, encoder: { type: 'string' }, conv: { type: 'string' },
    beta: { type: 'string' }, tie: { type: 'string' }, cross: { type: 'string' }, epochs: { type: 'string' }, batch: { type: 'string' },
    lr: { type: 'string' }, decay: { type: 'string' }, validation: { type: 'string' }, seed: { type: 'string' },
    quiet: { type: 'boolean' }, 'no-figures': { type: 'boolean' }, config: { type: 'string' }, set: { type: 'string', multiple: true }, count: { type: 'string' },
    'pair-seed': { type: 'string' }, workers: { type: 'string' }, channels: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${DUAL_VAE_TRAIN_HELP}\n`);
    return 0;
  }
  if (values.data === undefined) throw new InputError('--data', 'is required (FILE.npz or twin)');
  if (values.out === undefined) throw new InputError('--out', 'is required (the model directory)');
  if (values.conv !== undefined && values.encoder !== 'conv') throw new InputError('--conv', 'applies to --encoder conv');
  const hidden = listFlag('hidden', values.hidden, 8, 4096);
  const options: DualVaeOptions = {
    seed: intFlag('seed', values.seed, 0, 0, 2 ** 31 - 1),
    latentDim: intFlag('latent', values.latent, 2, 1, 64),
    ...(hidden ? { hidden } : {}),
    ...(values.encoder !== undefined ? { encoder: values.encoder as 'mlp' } : {}),
    ...(values.conv !== undefined ? { convChannels: listFlag('conv', values.conv, 6, 256) } : {}),
    beta: numberFlag('beta', values.beta, 0.1),
    tie: numberFlag('tie', values.tie, 1),
    cross: numberFlag('cross', values.cross, 1),
    epochs: intFlag('epochs', values.epochs, 200, 1, 100_000),
    batchSize: intFlag('batch', values.batch, 32, 1, 65536),
    learningRate: numberFlag('lr', values.lr, 1e-3),
    weightDecay: numberFlag('decay', values.decay, 1e-4),
    validation: numberFlag('validation', values.validation, 0.1),
  };
  const { parseDualVaeOptions } = await import('../../models/structure-property/dual-vae-options.ts');
  parseDualVaeOptions(options, 'options'); // bad values (e.g. --tie -1, --encoder cnn) fail before the data is read or measured
  const { pairs, source, descriptor } = await loadPairs(values.data, values);
  const { trainDualVae } = await import('../../models/structure-property/dual-vae-train.ts');
  const { disposeDualVaeNetwork } = await import('../../models/structure-property/dual-vae-network.ts');
  const { saveDualVaeDir } = await import('./dual-vae-dir.ts');
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
    const model = await trainDualVae(pairs, options, {
      signal: stop.signal,
      onEpoch: (e) => {
        if (values.quiet) return;
        process.stderr.write(`epoch ${e.epoch}/${e.epochs} loss ${e.loss.toFixed(4)} recon ${e.reconStructure.toFixed(4)}/${e.reconSpectrum.toFixed(4)} cross ${e.crossStructure.toFixed(4)}/${e.crossSpectrum.toFixed(4)} ` +
          `kl ${e.kl.toFixed(4)} tie ${e.tie.toFixed(4)}${Number.isNaN(e.validation) ? '' : ` validation ${e.validation.toFixed(4)}`} ${e.seconds.toFixed(1)}s${e.improved ? ' *' : ''}\n`);
      },
    });
    try {
      if (model.bestEpoch === 0) {
        process.stderr.write('stopped before the first epoch ended; nothing saved\n');
        return 130;
      }
      await saveDualVaeDir(values.out, model, { source, ...(descriptor ? { descriptor: descriptor as 'area' } : {}) }, meta);
      if (!values['no-figures']) {
        const { writeDualLatentFigures } = await import('../../models/structure-property/dual-vae-figures.ts');
        const paths = await writeDualLatentFigures(values.out, model, pairs, descriptor ?? 'descriptor', `${pairs.count} pairs of ${source}, epoch ${model.bestEpoch}`);
        process.stderr.write(`figures: ${paths.map((p) => `${p}.png`).join(', ')}\n`);
      }
    } finally {
      disposeDualVaeNetwork(model.network);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  process.stderr.write(`dual VAE on ${pairs.count} pairs (${pairs.patch}×${pairs.patch} patches, loops of ${pairs.points}) saved to ${values.out}\n`);
  return stop.signal.aborted ? 130 : 0;
}

/** `--hidden 128,64`: positive integers up to `max`, at most `stages` of them. */
function listFlag(name: string, text: string | undefined, stages: number, max: number): number[] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(',');
  if (parts.length > stages) throw new InputError(`--${name}`, `at most ${stages} values, got ${parts.length}`);
  return parts.map((p) => intFlag(name, p.trim(), 1, 1, max));
}
