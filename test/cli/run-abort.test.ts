import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot } from '../helpers/repo-paths.ts';
import { runLogLines } from '../helpers/wait-for-file.ts';
import { LineProcess } from '../drivers/serial/pty-rig.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-abort-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A small W2 campaign; `over` adds --set overrides. */
function runArgs(runs: string, over: string[]): string[] {
  const set = [
    'workflow.trajectories.count=300', 'workflow.vae.hidden=[32]', 'agent.initialPoints=5', 'figures=false', ...over,
  ].flatMap((s) => ['--set', s]);
  return ['run', join(repoRoot, 'configs', 'latent-bo.json'), '--runs-dir', runs, ...set];
}

/** `ferroloop run` with its own cache dir; stdout and stderr lines can be awaited. */
function startRun(args: string[], cacheDir: string): LineProcess {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'ferroloop.mjs'), ...args], {
    cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FERROLOOP_CACHE_DIR: cacheDir, FERROLOOP_SOURCE: '1', FORCE_COLOR: '0' },
  });
  return new LineProcess(child, ['stdout', 'stderr']);
}

/** Sends `signal` once a line matches `when`; resolves with the exit code and the seconds from signal to exit. */
async function interruptWhen(p: LineProcess, when: RegExp, signal: NodeJS.Signals): Promise<{ code: number | null; seconds: number }> {
  try {
    await p.waitFor(when);
    const t0 = performance.now();
    p.child.kill(signal);
    const code = await p.exited;
    return { code, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await p.stop();
  }
}

describe('ferroloop run: SIGINT/SIGTERM abort every phase (exit 130)', { timeout: 240_000 }, () => {
  it('Ctrl-C during VAE training (empty cache): stops training, nothing cached, no run log', async () => {
    const cache = join(dir, 'cache-vae');
    const runs = join(dir, 'runs-vae');
    const p = startRun(runArgs(runs, ['workflow.vae.epochs=400', 'workflow.grid.nx=20', 'workflow.grid.ny=20']), cache);
    const r = await interruptWhen(p, /^vae \[/, 'SIGINT');
    assert.equal(r.code, 130, p.lines.join('\n'));
    assert.ok(p.lines.some((l) => /aborted during VAE training; no run was started/.test(l)), p.lines.join('\n'));
    assert.ok(!p.lines.some((l) => /VAE trained/.test(l)), 'training was cut short');
    assert.deepEqual(existsSync(cache) ? readdirSync(cache) : [], [], 'no VAE saved');
    assert.equal(runLogLines(runs), undefined, 'no run log');
    assert.ok(r.seconds < 30, `exited ${r.seconds.toFixed(1)} s after the signal`);
  });

  it('SIGTERM during the ground-truth sweep: the sweep is cancelled and not cached, the VAE is kept', async () => {
    const cache = join(dir, 'cache-gt');
    const runs = join(dir, 'runs-gt');
    const p = startRun(runArgs(runs, ['workflow.vae.epochs=2', 'workflow.grid.nx=80', 'workflow.grid.ny=80']), cache);
    const r = await interruptWhen(p, /^ground truth \[/, 'SIGTERM');
    assert.equal(r.code, 130, p.lines.join('\n'));
    assert.ok(p.lines.some((l) => /aborted during the ground-truth sweep; no run was started/.test(l)), p.lines.join('\n'));
    assert.ok(!p.lines.some((l) => /ground truth computed/.test(l)));
    const files = readdirSync(cache);
    assert.ok(files.some((f) => f.startsWith('vae-')), 'the trained VAE stays cached');
    assert.ok(!files.some((f) => f.startsWith('ground-truth-')), 'no partial ground truth cached');
    assert.equal(runLogLines(runs), undefined, 'no run log');
    assert.ok(r.seconds < 30, `exited ${r.seconds.toFixed(1)} s after the signal`);
  });

  it('SIGTERM during the loop: the run log ends with an abort stop document and the summary is printed', async () => {
    const cache = join(dir, 'cache-gt'); // the VAE trained above
    const runs = join(dir, 'runs-loop');
    const p = startRun(runArgs(runs, ['workflow.vae.epochs=2', 'workflow.grid.nx=20', 'workflow.grid.ny=20', 'workflow.groundTruth=false', 'agent.budget=400']), cache);
    const r = await interruptWhen(p, /^campaign \[/, 'SIGTERM');
    assert.equal(r.code, 130, p.lines.join('\n'));
    const lines = runLogLines(runs)!.lines;
    const stop = JSON.parse(lines[lines.length - 1]);
    assert.equal(stop[0], 'stop');
    assert.equal(stop[1].exit_status, 'abort');
    assert.match(stop[1].reason, /interrupted \(SIGTERM\)/);
    assert.ok(p.lines.includes('  "exit_status": "abort",'), 'the summary is printed');
    assert.ok(r.seconds < 30, `exited ${r.seconds.toFixed(1)} s after the signal`);
  });
});
