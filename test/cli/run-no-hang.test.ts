import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot } from '../helpers/repo-paths.ts';
import { runLogLines } from '../helpers/wait-for-file.ts';
import { LineProcess, SOCAT_MISSING, startPtyRig, startSocat } from '../drivers/serial/pty-rig.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-nohang-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A shipped config with `edit` applied, written to dir/name. */
function configFile(shipped: string, name: string, edit: (c: Record<string, any>) => void): string {
  const c = JSON.parse(readFileSync(join(repoRoot, 'configs', shipped), 'utf8'));
  edit(c);
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(c));
  return path;
}

/** `ferroloop run CONFIG` (own cache dir), its output lines awaitable. */
function startRun(config: string, runs: string): LineProcess {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'ferroloop.mjs'), 'run', config, '--runs-dir', runs], {
    cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FERROLOOP_CACHE_DIR: join(dir, `cache-${Math.random().toString(16).slice(2)}`), FERROLOOP_SOURCE: '1' },
  });
  return new LineProcess(child, ['stdout', 'stderr']);
}

/** The exit code of p and the seconds from `t0` (performance.now()) to its exit; the process is stopped on failure. */
async function exitOf(p: LineProcess, t0 = performance.now()): Promise<{ code: number | null; seconds: number }> {
  try {
    const code = await p.exited;
    return { code, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await p.stop();
  }
}

describe('ferroloop run never hangs on instrument trouble', { skip: SOCAT_MISSING, timeout: 180_000 }, () => {
  it('a silent device (pty exists, nothing answers): exit 1 naming the unanswered *IDN?, every port closed', async () => {
    const socat = { awg: await startSocat(join(dir, 'awg'), join(dir, 'awg-dev')), pfm: await startSocat(join(dir, 'pfm'), join(dir, 'pfm-dev')) };
    try {
      const config = configFile('latent-bo.rig.json', 'silent.json', (c) => {
        c.instrument.poling.transport.path = join(dir, 'awg');
        c.instrument.poling.timeoutMs = 300;
        c.instrument.microscope.transport.path = join(dir, 'pfm');
        c.instrument.microscope.timeoutMs = 300;
      });
      const p = startRun(config, join(dir, 'runs-silent'));
      const r = await exitOf(p);
      assert.equal(r.code, 1, p.lines.join('\n'));
      assert.ok(p.lines.some((l) => /^ferroloop run: (poling|microscope): no response to '\*IDN\?' within 300 ms$/.test(l)), p.lines.join('\n'));
      assert.ok(!p.lines.some((l) => /still running .* after the command finished/.test(l)), 'closed by the runner, not by the linger guard');
      assert.equal(runLogLines(join(dir, 'runs-silent')), undefined);
    } finally {
      await Promise.all([socat.awg.stop(), socat.pfm.stop()]);
    }
  });

  it('a failure after connecting (W3 with a missing VAE model) on a working rig: exit 1, the rig is released', async () => {
    const rig = await startPtyRig(['--log']);
    try {
      const config = configFile('dkl-microscope.rig.json', 'w3-missing-model.json', (c) => {
        c.instrument.transport.path = rig.paths.pfm;
        c.workflow.scan.pixels = [16, 16];
        c.workflow.features = 'vae';
        c.workflow.vaeModel = join(dir, 'no-such-model');
      });
      const p = startRun(config, join(dir, 'runs-w3'));
      const r = await exitOf(p);
      assert.equal(r.code, 1, p.lines.join('\n'));
      assert.ok(p.lines.some((l) => l.startsWith('ferroloop run: ') && l.includes('no-such-model')), p.lines.join('\n'));
      assert.ok(rig.emulator.count(/^microscope: /) >= 3, 'connected and scanned before the failure');
      assert.ok(!p.lines.some((l) => /still running .* after the command finished/.test(l)), 'closed by the runner, not by the linger guard');
    } finally {
      await rig.cleanup();
    }
  });

  it('Ctrl-C during VAE training with the rig connected: exit 130 and the AWG output is switched off', async () => {
    const rig = await startPtyRig(['--log']);
    try {
      const config = configFile('latent-bo.rig.json', 'w2-rig.json', (c) => {
        c.instrument.poling.transport.path = rig.paths.awg;
        c.instrument.microscope.transport.path = rig.paths.pfm;
        c.workflow.trajectories.count = 300;
        c.workflow.vae = { seed: 0, hidden: [32], latentDim: 2, epochs: 400 };
        c.workflow.grid = { nx: 10, ny: 10, margin: 0 };
      });
      const p = startRun(config, join(dir, 'runs-w2'));
      await p.waitFor(/^vae \[/);
      const mark = rig.emulator.lines.length;
      const t0 = performance.now();
      p.child.kill('SIGINT');
      const r = await exitOf(p, t0);
      assert.equal(r.code, 130, p.lines.join('\n'));
      assert.ok(p.lines.some((l) => /aborted during VAE training; no run was started/.test(l)), p.lines.join('\n'));
      await rig.emulator.waitFor(/^awg: OUTP1 OFF/, mark); // sent on close, after the signal
      assert.ok(r.seconds < 30, `exited ${r.seconds.toFixed(1)} s after SIGINT`);
    } finally {
      await rig.cleanup();
    }
  });

  it('serve with a rig campaign in its loop: SIGTERM aborts it at once (abort stop document, port released), exit 0', async () => {
    const rig = await startPtyRig(['--log']);
    try {
      const config = configFile('dkl-microscope.rig.json', 'w3-serve.json', (c) => {
        c.instrument.transport.path = rig.paths.pfm;
        c.workflow.scan.pixels = [16, 16];
        c.instrument.scan.defaultPixels = [16, 16];
        c.workflow.patch = 4;
        c.agent.budget = 200; // far more than it gets to: the signal, not the budget, ends it
      });
      const runs = join(dir, 'runs-serve');
      const child = spawn(process.execPath, [join(repoRoot, 'bin', 'ferroloop.mjs'), 'serve', '--port', '0', '--campaign', config, '--runs-dir', runs], {
        cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FERROLOOP_CACHE_DIR: join(dir, 'cache-serve'), FERROLOOP_SOURCE: '1' },
      });
      const p = new LineProcess(child, ['stdout', 'stderr']);
      await rig.emulator.waitFor(/^microscope: SPEC:RUN$/);
      await rig.emulator.waitFor(/^microscope: SPEC:RUN$/, rig.emulator.lines.length); // a second loop: the campaign is in its loop
      const t0 = performance.now();
      child.kill('SIGTERM');
      const r = await exitOf(p, t0);
      assert.equal(r.code, 0, p.lines.join('\n'));
      // Bound of a few steps: the loop in flight finishes its read-out (one W3 step is ~0.3 s here), then the
      // instrument closes; before the fix serve waited for all 200 steps.
      assert.ok(r.seconds < 30, `exited ${r.seconds.toFixed(1)} s after SIGTERM`);
      const log = runLogLines(runs);
      assert.ok(log, 'a run log was written');
      const [kind, stop] = JSON.parse(log.lines.at(-1)!);
      assert.equal(kind, 'stop');
      assert.equal(stop.exit_status, 'abort');
      const events = log.lines.filter((l) => l.startsWith('["event"')).length;
      assert.ok(events < 2 * 200, 'stopped long before the budget');
      assert.ok(!p.lines.some((l) => /still running .* after the command finished/.test(l)), 'closed by the server, not by the linger guard');
      // The aborted campaign's JSON summary is printed on stdout, as ferroloop run prints it after Ctrl-C.
      assert.ok(p.lines.includes('  "exit_status": "abort",') && p.lines.some((l) => /^ {2}"best_x": \{/.test(l)), p.lines.join('\n'));
    } finally {
      await rig.cleanup();
    }
  });
});
