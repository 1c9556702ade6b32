/**
 * `ferroloop vae patches`: the training images for a W3 feature VAE — scans the structure as a dkl-microscope
 * config says (on its instrument: the digital twin, or the microscope) and writes every candidate's patch as an
 * N × P × P float32 .npy stack, in the campaign's candidate order.
 */
import { rename, writeFile } from 'node:fs/promises';
import { readConfigText } from '../read-text-file.ts';
import { dirname, resolve } from 'node:path';
import { InputError } from '../../errors.ts';
import { parseCliArgs } from '../cli-args.ts';
import { resolveConfigArg } from '../../shipped-configs.ts';
import { loadCampaignConfig } from '../../config-loader.ts';
import { openInstrumentConfig } from '../../drivers/create-instrument.ts';
import { patchCandidates } from '../../agents/spaces/patch-pixel-space.ts';
import { cutPatches } from '../../models/vae/patch-latents.ts';
import { formatNpy } from '../../data/npy.ts';

const HELP = `usage: ferroloop vae patches --config W3.json --out patches.npy [--set KEY=VALUE …]

Scans the structure the dkl-microscope config describes (workflow.scan: channel, pixels, size) on the
config's instrument and writes the patch (workflow.patch pixels square) around every candidate pixel as
an N × P × P float32 .npy stack — the data to train the VAE that 'workflow.features: "vae"' uses:
  ferroloop vae patches --config dkl-microscope.json --out patches.npy
  ferroloop vae train --model rvae --data patches.npy --out w3-vae
  ferroloop run dkl-microscope.json --set workflow.features=vae --set workflow.vaeModel=w3-vae`;

export async function runVaePatches(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, {
    config: { type: 'string' }, out: { type: 'string' }, set: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (!values.config) throw new InputError('--config', 'is required (a dkl-microscope campaign config)');
  if (!values.out) throw new InputError('--out', 'is required (FILE.npy)');
  const path = resolveConfigArg(values.config);
  const text = await readConfigText(path, 'config');
  const config = loadCampaignConfig(text, path, values.set ?? []);
  const w = config.workflow;
  if (w.kind !== 'dkl-microscope') throw new InputError('--config', `${path} is a ${w.kind} campaign; patches come from a dkl-microscope one`);
  const { instrument } = await openInstrumentConfig(config.instrument, { configDir: dirname(resolve(path)) });
  try {
    await instrument.connect();
    const m = await instrument.measure({ kind: 'scan', channels: [w.scan.channel], pixels: w.scan.pixels, sizeUm: w.scan.sizeUm });
    const image = m.arrays[w.scan.channel];
    if (!image) throw new InputError('--config', `the scan returned no ${w.scan.channel} image`);
    const [ny, nx] = image.shape;
    const data = Float64Array.from(image.data);
    const { pixels } = patchCandidates({ image: data, nx, ny, patch: w.patch });
    const patches = cutPatches(data, nx, pixels, w.patch);
    const n = pixels.length / 2;
    await writeFile(`${values.out}.tmp`, formatNpy({ shape: [n, w.patch, w.patch], dtype: 'float32', data: patches }));
    await rename(`${values.out}.tmp`, values.out);
    process.stderr.write(`${n} patches of ${w.patch}×${w.patch} px from a ${nx}×${ny} ${w.scan.channel} scan → ${values.out}\n`);
    return 0;
  } finally {
    await instrument.close();
  }
}
