// W2 grid sweep, ferroloop (built dist/, what users run) vs the same model in C with OpenMP, side by side in one
// bench run: wall, user+sys CPU and peak RSS of each process, the ratio, and the share of ferroloop's CPU spent
// outside the simulation kernel, two ways: 1 − kernel-only CPU (best of the rounds, measured between them) / process
// CPU, and the non-wasm share of a --cpu-prof profile of one more sweep (every thread; the profiler inflates JS time
// a little). The C reference (bench/c/ferrosim-kernel.c) is compiled into a temp dir twice: exact order
// (-ffp-contract=off, the wasm kernel's rounding; its CSV is compared with ferroloop's) and -ffast-math (sums
// reordered, 256-bit vectors: the fastest C). Rounds are interleaved; best of N. Needs gcc (C skipped without it).
// Usage: npm run bench -- sweep-vs-c [--k 0.1:10:100] [--dep-alpha 0:2:100] [--threads 2] [--rounds 3]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type SimSetup, resolveSimOptions } from '../src/sim/sim-options.ts';
import { DEFAULT_SIM_SPEC } from '../src/sim/sim-spec.ts';
import { forceParams } from '../src/sim/simulate.ts';
import { WasmEulerEngine } from '../src/sim/wasm-euler-engine.ts';
import { parseAxis } from '../src/sweep/axis.ts';
import { gridPlan } from '../src/sweep/sweep-plan.ts';
import { profileShare } from './lib/cpu-profile-share.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const TIME = '/usr/bin/time';

/** One process run: wall (s, spawn to exit), user+sys CPU (s) and peak RSS (MiB; NaN without /usr/bin/time). */
interface Measure {
  readonly wall: number;
  readonly cpu: number;
  readonly rssMiB: number;
}

/** Runs argv to completion (throws on failure); CPU and RSS from GNU time when present. */
function measure(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Measure {
  const timed = existsSync(TIME);
  const cmd = timed ? [TIME, '-f', 'FERROTIME %U %S %M', ...argv] : [...argv];
  const t0 = performance.now();
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8', env, maxBuffer: 64 << 20 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const m = /FERROTIME ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  return m ? { wall, cpu: Number(m[1]) + Number(m[2]), rssMiB: Number(m[3]) / 1024 } : { wall, cpu: Number.NaN, rssMiB: Number.NaN };
}

/** The run with the least wall time, and the least CPU and RSS seen over all runs. */
function best(ms: readonly Measure[]): Measure {
  return { wall: Math.min(...ms.map((m) => m.wall)), cpu: Math.min(...ms.map((m) => m.cpu)), rssMiB: Math.min(...ms.map((m) => m.rssMiB)) };
}

/** Compiles the C reference with extra flags into dir; returns the binary path, or a reason it could not. */
function compile(dir: string, name: string, flags: readonly string[]): { bin?: string; reason?: string } {
  const bin = join(dir, name);
  const r = spawnSync('gcc', ['-O3', '-march=native', ...flags, '-o', bin, join(root, 'bench', 'c', 'ferrosim-kernel.c'), '-lm'], { encoding: 'utf8' });
  if (r.error) return { reason: `gcc not found (${r.error.message})` };
  return r.status === 0 ? { bin } : { reason: r.stderr.trim().split('\n').slice(-3).join(' | ') };
}

/** Rows of a sweep CSV as numbers (header dropped). */
function csvRows(path: string): number[][] {
  return readFileSync(path, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
}

/** Largest |a − b| / max(1, |b|) over every summary column of two sweep CSVs of the same grid. */
function maxRelDiff(a: number[][], b: number[][]): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let r = 0; r < a.length; r++) {
    for (let c = 0; c < a[r].length; c++) worst = Math.max(worst, Math.abs(a[r][c] - b[r][c]) / Math.max(1, Math.abs(b[r][c])));
  }
  return worst;
}

/**
 * Kernel-only CPU of one grid run (s): the whole-run wasm call alone (WasmEulerEngine.runAll: steps 1…T−1 and the
 * ⟨p⟩(t) copy-out), setup and summaries excluded, over `setups` (one pass). Process CPU time, not wall, so time
 * the thread spends descheduled on a loaded machine does not count (the CLI's figure is CPU time too).
 */
function kernelCpuPerRun(setups: readonly SimSetup[]): number {
  let micros = 0;
  for (const s of setups) {
    const engine = new WasmEulerEngine(forceParams(s), s.initial, s.boundary === 'periodic');
    const sums = new Float64Array(2);
    engine.sums(sums);
    const meanP = new Float64Array(2 * s.timeVec.length);
    const c0 = process.cpuUsage();
    const whole = engine.runAll(s.timeVec, s.fieldEc, s.ec, s.gamma, sums, meanP);
    const c = process.cpuUsage(c0);
    micros += c.user + c.system;
    engine.dispose();
    if (!whole) throw new Error('the W2 run is not a whole-run wasm case');
  }
  return micros / 1e6 / setups.length;
}

const fmt = (m: Measure): string => `${m.wall.toFixed(2).padStart(6)} s wall ${m.cpu.toFixed(2).padStart(6)} s CPU ${m.rssMiB.toFixed(0).padStart(4)} MiB`;
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { k: { type: 'string' }, 'dep-alpha': { type: 'string' }, threads: { type: 'string' }, rounds: { type: 'string' } } });
  const kText = values.k ?? '0.1:10:100';
  const depText = values['dep-alpha'] ?? '0:2:100';
  const threads = Number(values.threads ?? 2);
  const rounds = Number(values.rounds ?? 3);
  const kAxis = parseAxis('k', kText, 'linear');
  const depAxis = parseAxis('dep-alpha', depText, 'linear');
  const runs = kAxis.count * depAxis.count;
  const plan = gridPlan(DEFAULT_SIM_SPEC, kAxis, depAxis);
  const siteSteps = runs * DEFAULT_SIM_SPEC.n ** 2 * (resolveSimOptions(plan.tasks[0].options).timeVec.length - 1);
  console.log(`W2 grid sweep: --k ${kText} --dep-alpha ${depText} (${runs} runs, 20×20, 950 steps), ${threads} threads, best of ${rounds} interleaved rounds; load average ${load()}`);

  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--if-stale'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const dir = mkdtempSync(join(tmpdir(), 'ferroloop-sweep-vs-c-'));
  try {
    const exact = compile(dir, 'exact', ['-ffp-contract=off', '-fopenmp']);
    const fast = compile(dir, 'fast', ['-ffast-math', '-fopenmp']);
    if (!exact.bin || !fast.bin) console.log(`  C reference skipped: ${exact.reason ?? fast.reason} (needs gcc with OpenMP)`);
    const cArgs = [String(kAxis.min), String(kAxis.max), String(kAxis.count), String(depAxis.min), String(depAxis.max), String(depAxis.count), String(threads)];
    const ferroArgs = [process.execPath, join(root, 'bin', 'ferroloop.mjs'), 'sweep', 'grid', '--k', kText, '--dep-alpha', depText, '--workers', String(threads), '--quiet'];
    const env = { ...process.env, FERROLOOP_SOURCE: '0' };
    const m: Record<'ferroloop' | 'exact' | 'fast', Measure[]> = { ferroloop: [], exact: [], fast: [] };
    const points = Math.min(runs, 200); // grid points spread evenly for the kernel-only figure
    const setups = Array.from({ length: points }, (_, i) => resolveSimOptions(plan.tasks[Math.floor((i * runs) / points)].options));
    kernelCpuPerRun(setups); // warm-up
    const kernelRounds: number[] = [];
    for (let r = 0; r < rounds; r++) {
      kernelRounds.push(kernelCpuPerRun(setups));
      m.ferroloop.push(measure([...ferroArgs, '--out', join(dir, 'ferroloop.csv')], env));
      if (exact.bin) m.exact.push(measure([exact.bin, ...cArgs, join(dir, 'exact.csv')]));
      if (fast.bin) m.fast.push(measure([fast.bin, ...cArgs, join(dir, 'fast.csv')]));
    }
    const kernel = Math.min(...kernelRounds);
    const f = best(m.ferroloop);
    console.log(`  ferroloop (dist, ${threads} workers)       ${fmt(f)}`);
    const outside = 1 - (kernel * runs) / f.cpu;
    console.log(`  kernel alone (wasm, 1 thread)        ${(kernel * 1e3).toFixed(3)} ms CPU/run, ${((kernel * runs * 1e9) / siteSteps).toFixed(2)} ns/site-step → ${(kernel * runs).toFixed(2)} s CPU for the sweep`);
    const profDir = join(dir, 'profiles');
    measure([process.execPath, `--cpu-prof-dir=${profDir}`, '--cpu-prof', ...ferroArgs.slice(1), '--out', join(dir, 'profiled.csv')], env);
    const share = profileShare(profDir);
    console.log(`  ferroloop CPU outside the kernel     ${(100 * outside).toFixed(1)} % by kernel-only timing, ${(100 * (1 - share.wasmSeconds / share.busySeconds)).toFixed(1)} % of`
      + ` ${share.busySeconds.toFixed(2)} s sampled by --cpu-prof on ${share.threads} threads (target ≤ 10 %)`);
    const ours = csvRows(join(dir, 'ferroloop.csv'));
    for (const [label, key] of [['C exact order (-O3 -ffp-contract=off)', 'exact'], ['C -O3 -ffast-math', 'fast']] as const) {
      if (m[key].length === 0) continue;
      const c = best(m[key]);
      console.log(`  ${label.padEnd(37)}${fmt(c)}  ${((c.cpu * 1e9) / siteSteps).toFixed(2)} ns/site-step CPU`);
      console.log(`    ferroloop / C: ${(f.wall / c.wall).toFixed(2)}× wall, ${(f.cpu / c.cpu).toFixed(2)}× CPU (target ≤ 1.6× wall); summaries differ by ≤ ${maxRelDiff(csvRows(join(dir, `${key}.csv`)), ours).toExponential(1)} (relative)`);
    }
    console.log(`  peak RSS ferroloop ${f.rssMiB.toFixed(0)} MiB (target ≤ 150 MiB); rounds (wall s): ferroloop ${m.ferroloop.map((x) => x.wall.toFixed(2)).join(' ')}`
      + `${m.exact.length ? `, C exact ${m.exact.map((x) => x.wall.toFixed(2)).join(' ')}` : ''}${m.fast.length ? `, C fast ${m.fast.map((x) => x.wall.toFixed(2)).join(' ')}` : ''}; load average ${load()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
