/** `ferroloop vae decode`: the latent traversal manifold of a trained model as a PNG mosaic. */
import { rename, writeFile } from 'node:fs/promises';
import { InputError } from '../../errors.ts';
import { intFlag, parseCliArgs } from '../cli-args.ts';
import { loadModelDir } from './model-dir.ts';

const HELP = `usage: ferroloop vae decode --model DIR --grid ROWSxCOLS [--class K] [--member M] --out FILE.png

Decodes a ROWS × COLS grid of the first two content latents at the normal quantiles of 0.05 … 0.95
(z1 left to right, z2 bottom to top; angle and shifts 0: upright, centred) and writes the images as
one PNG mosaic. --class selects the class (cvae, ssvae, jvae, jrvae; default 0), --member the
ensemble member (default 0).`;

export async function runVaeDecode(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, {
    model: { type: 'string' }, grid: { type: 'string' }, class: { type: 'string' }, member: { type: 'string' }, out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  for (const flag of ['model', 'out'] as const) if (values[flag] === undefined) throw new InputError(`--${flag}`, 'is required (see ferroloop vae decode --help)');
  const grid = /^(\d{1,3})x(\d{1,3})$/.exec(values.grid ?? '12x12');
  if (!grid || Number(grid[1]) < 1 || Number(grid[2]) < 1) throw new InputError('--grid', `expected ROWSxCOLS such as 12x12, got '${values.grid}'`);
  const [rows, cols] = [Number(grid[1]), Number(grid[2])];
  const { initTfBackend } = await import('../../models/tf/tf-backend.ts');
  await initTfBackend();
  const { decodeLatents, traversalLatents } = await import('../../models/vae/family-infer.ts');
  const { disposeFamilyNetwork } = await import('../../models/vae/family-network.ts');
  const { mosaicPng } = await import('../../data/image-mosaic.ts');
  const { members } = await loadModelDir(values.model!);
  try {
    const member = intFlag('member', values.member, 0, 0, members.length - 1);
    const net = members[member].network;
    const hasClass = net.layout.discrete + net.layout.condition > 0;
    if (values.class !== undefined && !hasClass) throw new InputError('--class', `a ${net.options.kind} model has no classes`);
    const classIndex = intFlag('class', values.class, 0, 0, net.options.classes - 1);
    const tiles = decodeLatents(net, traversalLatents(net, rows, cols), rows * cols, classIndex);
    await writeFile(`${values.out}.tmp`, mosaicPng(tiles, { rows, cols, height: net.height, width: net.width }));
    await rename(`${values.out}.tmp`, values.out!);
    process.stderr.write(`decoded a ${rows}×${cols} manifold${hasClass ? ` of class ${classIndex}` : ''} → ${values.out}\n`);
  } finally {
    for (const m of members) disposeFamilyNetwork(m.network);
  }
  return 0;
}
