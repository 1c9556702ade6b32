/** `ferroloop vae encode`: one CSV row of latent means per image (ensembles: member means, aligned classes). */
import { writeFile, rename } from 'node:fs/promises';
import { InputError } from '../../errors.ts';
import { parseCliArgs } from '../cli-args.ts';
import { loadImageStack } from './image-data.ts';
import { loadModelDir } from './model-dir.ts';

const HELP = `usage: ferroloop vae encode --model DIR --data FILE.npy|cards --out FILE.csv [--labels FILE]

Writes one row per image: angle (radians; rvae, jrvae, invariant ssvae), shift_x, shift_y (grid units,
the image spans −1…1), scale (if trained with it), z1…zD, and for discrete models class (0…K−1) and
p1…pK. With an ensemble the latents are the first member's, class and p are the members' aligned
majority and mean, and class_dispersion is the share of members disagreeing with the majority.
cvae needs --labels (the condition). With --data cards, the cards options of train apply
(--count, --size, --rotation, --shear, --seed).`;

export async function runVaeEncode(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, {
    model: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, labels: { type: 'string' },
    count: { type: 'string' }, size: { type: 'string' }, rotation: { type: 'string' }, shear: { type: 'string' }, seed: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  for (const flag of ['model', 'data', 'out'] as const) if (values[flag] === undefined) throw new InputError(`--${flag}`, 'is required (see ferroloop vae encode --help)');
  const { cardsFromFlags } = await import('./cards-flags.ts');
  const stack = await loadImageStack(values.data!, values.labels, cardsFromFlags(values));
  const { initTfBackend } = await import('../../models/tf/tf-backend.ts');
  await initTfBackend();
  const { encodeImages } = await import('../../models/vae/family-infer.ts');
  const { ensembleClasses } = await import('../../models/vae/ensemble-classes.ts');
  const { disposeFamilyNetwork } = await import('../../models/vae/family-network.ts');
  const { members } = await loadModelDir(values.model!);
  try {
    const first = members[0].network;
    if (stack.height !== first.height || stack.width !== first.width) {
      throw new InputError(values.data!, `images are ${stack.height}×${stack.width}, the model was trained on ${first.height}×${first.width}`);
    }
    if (first.options.kind === 'cvae' && !stack.labels) throw new InputError('--labels', 'cvae encodes with the class as condition: give --labels');
    const encodings = members.map((m) => encodeImages(m.network, m.scaling, stack.images, stack.count, stack.labels ? { labels: stack.labels } : undefined));
    const { layout, options } = first;
    const header: string[] = [];
    if (layout.angle) header.push('angle', 'shift_x', 'shift_y');
    if (layout.scale) header.push('scale');
    for (let d = 1; d <= options.latentDim; d++) header.push(`z${d}`);
    const k = options.classes;
    const discrete = encodings[0].probabilities !== undefined;
    const ensemble = discrete ? ensembleClasses(encodings.map((e) => e.probabilities!), stack.count, k) : undefined;
    if (discrete) header.push('class', ...Array.from({ length: k }, (_, c) => `p${c + 1}`));
    if (discrete && members.length > 1) header.push('class_dispersion');
    const lines = [header.join(',')];
    const g = layout.gaussian;
    for (let i = 0; i < stack.count; i++) {
      const row = Array.from(encodings[0].mu.subarray(i * g, (i + 1) * g), (v) => String(v));
      if (ensemble) {
        row.push(String(ensemble.classes[i]), ...Array.from(ensemble.probabilities.subarray(i * k, (i + 1) * k), (v) => String(v)));
        if (members.length > 1) row.push(String(ensemble.dispersion[i]));
      }
      lines.push(row.join(','));
    }
    await writeFile(`${values.out}.tmp`, `${lines.join('\n')}\n`);
    await rename(`${values.out}.tmp`, values.out!);
    process.stderr.write(`encoded ${stack.count} images with ${members.length} model${members.length > 1 ? 's' : ''} → ${values.out}\n`);
  } finally {
    for (const m of members) disposeFamilyNetwork(m.network);
  }
  return 0;
}
