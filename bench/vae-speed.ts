// Training speed of the trajectory VAE and the rVAE: `npm run bench -- vae-speed [--epochs 3] [--cards 640]
// [--torch-threads 1] [--networks trajectory,rvae]`. In one process, each network trains with tfjs's own ops (FERROLOOP_FUSED_DENSE=0, the
// baseline) and with ferroloop's fused wasm dense kernels; then, when Debian's python3-torch is installed, the
// same networks in PyTorch (bench/vae-speed/torch-anchor.py, one thread, OpenBLAS pinned to one thread) in the
// same run. Figures are s/epoch: wall and process CPU (CPU is steadier on a shared machine), mean over epochs
// 2..E (epoch 1 warms up). The recorded anchor (another machine): trajectory VAE 0.25 s/epoch in PyTorch
// on one CPU thread, against 1.69 s for ferroloop then.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initTfBackend } from '../src/models/tf/tf-backend.ts';
import { TrajectoryVae } from '../src/models/vae/vae.ts';
import { generateTrajectorySet } from '../src/sim/trajectories.ts';
import { generateCards } from '../src/data/cards.ts';
import { trainFamily } from '../src/models/vae/family-train.ts';
import { disposeFamilyNetwork } from '../src/models/vae/family-network.ts';

interface EpochFigures {
  readonly wall: number;
  readonly cpu: number;
}

/** Process CPU seconds so far (user + system). */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Mean wall and CPU seconds of epochs 2..E from per-epoch marks taken at each epoch's end. */
function perEpoch(marks: { wall: number; cpu: number }[]): EpochFigures {
  const n = marks.length - 1;
  return { wall: (marks[n].wall - marks[0].wall) / n, cpu: (marks[n].cpu - marks[0].cpu) / n };
}

async function withFused<T>(fused: boolean, run: () => Promise<T>): Promise<T> {
  const before = process.env.FERROLOOP_FUSED_DENSE;
  process.env.FERROLOOP_FUSED_DENSE = fused ? '1' : '0';
  try {
    return await run();
  } finally {
    if (before === undefined) delete process.env.FERROLOOP_FUSED_DENSE;
    else process.env.FERROLOOP_FUSED_DENSE = before;
  }
}

/** Trajectory VAE on 7 500 × 900 curves (defaults: hidden 128 ELU, batch 256, latent 2), all rows trained. */
async function trajectoryEpoch(epochs: number): Promise<EpochFigures> {
  const set = generateTrajectorySet(7500, 1);
  const marks: { wall: number; cpu: number }[] = [];
  const vae = await TrajectoryVae.train(
    { rows: set.count, cols: set.samples, data: set.curves },
    { epochs, seed: 0, validationFraction: 0, patience: epochs + 1 },
    { onBatch: (done, total) => void (done === total && marks.push({ wall: performance.now() / 1000, cpu: cpuSeconds() })) },
  );
  vae.dispose();
  return perEpoch(marks);
}

/** rVAE on `cards` procedural cards 32×32 (hidden 128-128, spatial decoder 128-128, batch 64). */
async function rvaeEpoch(epochs: number, cards: number): Promise<EpochFigures> {
  const c = generateCards({ count: cards, size: 32, seed: 1, maxRotationDeg: 120, maxShearDeg: 20 });
  const marks: { wall: number; cpu: number }[] = [];
  const t = await trainFamily(
    { count: c.count, height: 32, width: 32, images: c.images },
    { kind: 'rvae', epochs, batchSize: 64, hidden: [128, 128], decoderHidden: [128, 128], latentDim: 2, seed: 0 },
    { onBatch: (done, total) => void (done === total && marks.push({ wall: performance.now() / 1000, cpu: cpuSeconds() })) },
  );
  disposeFamilyNetwork(t.network);
  return perEpoch(marks);
}

/** PyTorch figures from the anchor script, or the reason there are none. */
function torchFigures(epochs: number, cards: number, threads: number): { trajectory?: EpochFigures; rvae?: EpochFigures; note?: string } {
  const script = fileURLToPath(new URL('./vae-speed/torch-anchor.py', import.meta.url));
  const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) };
  const r = spawnSync('/usr/bin/python3', [script, '--epochs', String(epochs), '--cards', String(cards), '--threads', String(threads)], { encoding: 'utf8', env });
  if (r.status !== 0) return { note: `PyTorch not run (${(r.stderr || r.error?.message || '').trim().split('\n').at(-1)}; Debian: apt-get install python3-torch)` };
  const parse = (label: string): EpochFigures | undefined => {
    const m = new RegExp(`^${label}.*: ([0-9.]+) s/epoch wall, ([0-9.]+) s/epoch CPU`, 'm').exec(r.stdout);
    return m ? { wall: Number(m[1]), cpu: Number(m[2]) } : undefined;
  };
  return { trajectory: parse('trajectory VAE'), rvae: parse('rVAE') };
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { epochs: { type: 'string', default: '3' }, cards: { type: 'string', default: '640' }, 'torch-threads': { type: 'string', default: '1' }, networks: { type: 'string', default: 'trajectory,rvae' } } });
  const networks = new Set(values.networks!.split(','));
  const epochs = Math.max(2, Number(values.epochs));
  const cards = Number(values.cards);
  await initTfBackend();
  const fmt = (f: EpochFigures | undefined) => (f ? `${f.wall.toFixed(3)} wall / ${f.cpu.toFixed(3)} CPU` : 'n/a');
  const rows: [string, EpochFigures, EpochFigures, 'trajectory' | 'rvae'][] = [];
  for (const [key, name, run] of [
    ['trajectory', 'trajectory VAE 7500×900, 128 ELU, batch 256', () => trajectoryEpoch(epochs)],
    ['rvae', `rVAE ${cards} cards 32×32, 128-128, batch 64`, () => rvaeEpoch(epochs, cards)],
  ] as const) {
    if (!networks.has(key)) continue;
    const baseline = await withFused(false, run);
    const fused = await withFused(true, run);
    rows.push([name, baseline, fused, key]);
    console.log(`${name}: tfjs ops ${fmt(baseline)} s/epoch, fused ${fmt(fused)} s/epoch → ${(baseline.cpu / fused.cpu).toFixed(2)}× (CPU), ${(baseline.wall / fused.wall).toFixed(2)}× (wall)`);
  }
  const torch = torchFigures(epochs, cards, Number(values['torch-threads']));
  if (torch.note) console.log(torch.note);
  console.log('\n| network | tfjs ops s/epoch | fused s/epoch | fused speed-up | PyTorch s/epoch (here) | ferroloop / PyTorch |');
  console.log('|---|---|---|---|---|---|');
  rows.forEach(([name, baseline, fused, key]) => {
    const t = key === 'trajectory' ? torch.trajectory : torch.rvae;
    const ratio = t ? `${(fused.cpu / t.cpu).toFixed(2)} (CPU), ${(fused.wall / t.wall).toFixed(2)} (wall)` : 'n/a';
    console.log(`| ${name} | ${fmt(baseline)} | ${fmt(fused)} | ${(baseline.cpu / fused.cpu).toFixed(2)}× | ${fmt(t)} | ${ratio} |`);
  });
  console.log('recorded anchor (issue 11, another machine): trajectory VAE PyTorch 1 thread 0.25 s/epoch; ferroloop then 1.69 s/epoch');
}
