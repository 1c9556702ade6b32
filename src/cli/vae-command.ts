import type { CliCommand } from '../cli.ts';
import { InputError } from '../errors.ts';

const HELP = `usage: ferroloop vae <train|encode|decode|predict|classes|patches> [options]   (ferroloop vae <sub-command> --help)

The VAE family for microscopy images and spectra:
  vae     plain VAE (MLP encoder and decoder)
  cvae    conditional VAE: the class (one-hot, from --labels) conditions encoder and decoder
  rvae    rotation- and translation-invariant VAE: angle and shift latents, spatial (coordinate) decoder
  ssvae   semi-supervised VAE: a few labels (−1 = unknown), classifier q(y|x), exact enumeration of y
  jvae    joint VAE: continuous + discrete latents (Gumbel-softmax), capacity-controlled ELBO
  jrvae   joint and rotation-invariant
  im2spec / spec2im   encoder–decoders from a structure patch to its switching loop and back
          (deterministic or variational, ensembles), on paired .npz data or the twin
  dual-vae  two VAEs (structure patches, loops) with latents tied on paired samples: each modality
          alone predicts the other; the joint latent map as figures

  train    train a model (or an ensemble) on cards or a .npy stack; writes DIR/ensemble.json, DIR/member-*/
  encode   write one CSV row of latents per image
  decode   render the latent traversal manifold as a PNG
  predict  im2spec / spec2im / dual-vae: predicted loops (or patches) for paired data as .npy or CSV, the
           held-out R², and with --figures predicted vs measured loops and descriptor maps
  classes  choose the number of classes of a jvae/jrvae from the stability of ensembles per K
  patches  cut the structural patches of a W3 (dkl-microscope) scan into a .npy stack to train on;
           then 'workflow.features: "vae"' with 'workflow.vaeModel: DIR' makes the VAE's latents W3's features`;

/** \`ferroloop vae …\`: dispatches to the train, encode and decode sub-commands (loaded on demand). */
export const vaeCommand: CliCommand = {
  summary: 'train, encode and decode the VAE family (vae, cvae, rvae, ssvae, jvae, jrvae) on images',
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === '--help' || sub === '-h') {
      process.stdout.write(`${HELP}\n`);
      return sub === undefined ? 2 : 0;
    }
    if (sub === 'train') return (await import('./vae/train-command.ts')).runVaeTrain(rest);
    if (sub === 'encode') return (await import('./vae/encode-command.ts')).runVaeEncode(rest);
    if (sub === 'decode') return (await import('./vae/decode-command.ts')).runVaeDecode(rest);
    if (sub === 'predict') return (await import('./vae/predict-command.ts')).runVaePredict(rest);
    if (sub === 'classes') return (await import('./vae/classes-command.ts')).runVaeClasses(rest);
    if (sub === 'patches') return (await import('./vae/patches-command.ts')).runVaePatches(rest);
    throw new InputError('vae', `unknown sub-command '${sub}' (train, encode, decode, predict, classes or patches)`);
  },
};
