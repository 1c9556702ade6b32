/**
 * `ferroloop vae classes`: chooses the number of classes of a jvae/jrvae from ensembles — one ensemble of M members
 * per candidate K (trained by `vae train` into DIR/k-K/), stability per K (mean pairwise ARI, class dispersion)
 * written to DIR/classes.csv, and the chosen K printed.
 */
import { writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../errors.ts';
import { parseCliArgs, intFlag, numberFlag } from '../cli-args.ts';
import { cardsFromFlags } from './cards-flags.ts';
import { loadImageStack } from './image-data.ts';

const HELP = `usage: ferroloop vae classes --model jvae|jrvae --data SRC --classes LIST --ensemble M --out DIR [train options]

Chooses the number of classes K from the stability of ensembles: for each K in LIST ("2:6" or "3,4,5") trains M
members (seeds S … S+M−1, any 'vae train' option applies) into DIR/k-K/, then measures how often the members agree:
the mean pairwise adjusted Rand index of their classes and the mean per-image class dispersion. The chosen K is the
largest whose mean ARI is ≥ --threshold (default 0.8; too many classes split a real one in member-dependent ways),
else the most stable. Writes DIR/classes.csv (classes, members, mean_pairwise_ari, mean_dispersion,
worst_class_dispersion, chosen) and prints the table.

options:
  --classes LIST    candidate K: "A:B" (inclusive) or "K1,K2,…" (2…64, at most 16 candidates)
  --ensemble M      members per K (2…64, default 4)
  --threshold X     ARI a K needs to count as stable (default 0.8)
  --out DIR         output directory (required)
  (every other option is passed to 'ferroloop vae train'; see its --help)`;

export async function runVaeClasses(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, {
    model: { type: 'string' }, data: { type: 'string' }, classes: { type: 'string' }, ensemble: { type: 'string' },
    threshold: { type: 'string' }, out: { type: 'string' }, labels: { type: 'string' },
    count: { type: 'string' }, size: { type: 'string' }, rotation: { type: 'string' }, shear: { type: 'string' }, seed: { type: 'string' },
    latent: { type: 'string' }, epochs: { type: 'string' }, batch: { type: 'string' }, lr: { type: 'string' }, hidden: { type: 'string' },
    encoder: { type: 'string' }, conv: { type: 'string' }, likelihood: { type: 'string' }, quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (values.model !== 'jvae' && values.model !== 'jrvae') throw new InputError('--model', 'must be jvae or jrvae (the models with a discrete latent)');
  if (values.data === undefined) throw new InputError('--data', 'is required (cards or FILE.npy)');
  if (values.out === undefined) throw new InputError('--out', 'is required');
  if (values.labels !== undefined) throw new InputError('--labels', 'jvae/jrvae are unsupervised');
  const candidates = parseClassList(values.classes);
  const members = intFlag('ensemble', values.ensemble, 4, 2, 64);
  const threshold = numberFlag('threshold', values.threshold, 0.8);
  const pass: string[] = [];
  for (const key of ['model', 'data', 'count', 'size', 'rotation', 'shear', 'seed', 'latent', 'epochs', 'batch', 'lr', 'hidden', 'encoder', 'conv', 'likelihood'] as const) {
    if (values[key] !== undefined) pass.push(`--${key}`, String(values[key]));
  }
  if (values.quiet) pass.push('--quiet');
  const { runVaeTrain } = await import('./train-command.ts');
  const { loadModelDir } = await import('./model-dir.ts');
  const { encodeImages } = await import('../../models/vae/family-infer.ts');
  const { disposeFamilyNetwork } = await import('../../models/vae/family-network.ts');
  const { classCountStability, chooseClassCount } = await import('../../models/vae/class-count.ts');
  const stack = await loadImageStack(values.data, undefined, cardsFromFlags(values));
  const rows = [];
  for (const k of candidates) {
    const dir = join(values.out, `k-${k}`);
    process.stderr.write(`classes ${k}: training ${members} members into ${dir}\n`);
    const code = await runVaeTrain([...pass, '--classes', String(k), '--ensemble', String(members), '--out', dir, '--no-figures']);
    if (code !== 0) return code; // stopped (130) or failed: what was trained stays in DIR/k-K
    const saved = await loadModelDir(dir);
    try {
      const probs = saved.members.map((m) => encodeImages(m.network, m.scaling, stack.images, stack.count).probabilities!);
      rows.push(classCountStability(probs, stack.count, k));
    } finally {
      for (const m of saved.members) disposeFamilyNetwork(m.network);
    }
  }
  const chosen = chooseClassCount(rows, threshold);
  const header = 'classes,members,mean_pairwise_ari,mean_dispersion,worst_class_dispersion,chosen';
  const lines = rows.map((r) => [r.classes, r.members, r.meanPairwiseAri.toFixed(4), r.meanDispersion.toFixed(4), r.worstClassDispersion.toFixed(4), r.classes === chosen ? 1 : 0].join(','));
  const path = join(values.out, 'classes.csv');
  await writeFile(`${path}.tmp`, `${[header, ...lines].join('\n')}\n`);
  await rename(`${path}.tmp`, path);
  process.stdout.write(`${[header, ...lines].join('\n')}\nchosen: ${chosen} classes (largest K with mean pairwise ARI ≥ ${threshold}; model in ${join(values.out, `k-${chosen}`)})\n`);
  return 0;
}

/** "2:6" → [2…6]; "3,5" → [3, 5]; each 2…64, at most 16, no repeats. */
export function parseClassList(text: string | undefined): number[] {
  if (text === undefined) throw new InputError('--classes', 'is required ("A:B" or "K1,K2,…")');
  let out: number[];
  const range = /^(\d+):(\d+)$/.exec(text.trim());
  if (range) {
    const [a, b] = [Number(range[1]), Number(range[2])];
    if (b < a) throw new InputError('--classes', `empty range '${text}'`);
    out = Array.from({ length: Math.min(b - a + 1, 17) }, (_, i) => a + i);
  } else {
    out = text.split(',').map((p) => intFlag('classes', p.trim(), 4, 2, 64));
  }
  if (out.length > 16) throw new InputError('--classes', `at most 16 candidates, got more in '${text}'`);
  for (const k of out) if (!Number.isInteger(k) || k < 2 || k > 64) throw new InputError('--classes', `K must be an integer in [2, 64], got ${k}`);
  if (new Set(out).size !== out.length) throw new InputError('--classes', `repeats a K in '${text}'`);
  return out;
}
