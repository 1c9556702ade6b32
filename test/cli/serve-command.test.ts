import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { runCli } from '../helpers/run-cli.ts';
import { repoRoot } from '../helpers/repo-paths.ts';

const QUICK_W2 = [
  'workflow.trajectories.count=300', 'workflow.vae.epochs=3', 'workflow.vae.hidden=[32]', 'workflow.grid.nx=20', 'workflow.grid.ny=20',
  'agent.budget=25', 'agent.initialPoints=5', 'agent.retry.backoffMs=0',
];
const dir = mkdtempSync(join(tmpdir(), 'ferroloop-serve-cli-'));
const env = { ...process.env, FERROLOOP_CACHE_DIR: join(dir, 'cache'), FORCE_COLOR: '0' };
const children: ChildProcess[] = [];

/** Spawns `ferroloop <args>` and resolves with the URL of its "dashboard http://… token=…" line. */
function serveChild(args: string[]): { child: ChildProcess; url: Promise<string>; stderr: string[] } {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'ferroloop.mjs'), ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (d: string) => stderr.push(d));
  const url = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^ferroloop (?:serve|replay): dashboard (http:\/\/127\.0\.0\.1:\d+\/) token=(\S+)$/.exec(line);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before listening: ${stderr.join('')}`)));
  });
  return { child, url, stderr };
}

/** SIGTERM and the exit code. */
async function terminate(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

describe('ferroloop serve, watch and replay (child processes)', () => {
  it('--help exits 0 and bad flags exit 2 with one line', async () => {
    const cmds = ['serve', 'watch', 'replay', 'start'];
    const helps = await Promise.all(cmds.map((cmd) => runCli([cmd, '--help'])));
    cmds.forEach((cmd, i) => {
      assert.equal(helps[i].code, 0, cmd);
      assert.match(helps[i].stdout, new RegExp(`usage: ferroloop ${cmd}`));
    });
    assert.match(helps[3].stdout, /first run.*about a minute/s);
    const bad = [['serve', '--port', 'x'], ['serve', '--once'], ['watch'], ['watch', 'ftp://x'], ['watch', 'http://127.0.0.1:1/', '--topics', 'bogus'], ['replay'], ['replay', join(dir, 'missing.jsonl')], ['replay', 'x.jsonl', '--speed', '-1'],
      ['serve', '--port', '0', '--campaign', 'nope.json'], ['serve', '--port', '0', '--campaign', 'configs/nope.json'],
      ['serve', '--port', '0', '--campaign', 'latent-bo.json', '--set', 'agent.budget=0']];
    const results = await Promise.all(bad.map((args) => runCli(args)));
    bad.forEach((args, i) => {
      assert.equal(results[i].code, 2, args.join(' '));
      assert.equal(results[i].stderr.trim().split('\n').length, 1, results[i].stderr);
    });
  });

  it('serve prints its URL; a controller starts a campaign over HTTP; watch follows it to the stop; SIGTERM exits 0', async () => {
    const runsDir = join(dir, 'runs');
    const serve = serveChild(['serve', '--port', '0', '--token', 'secret-token-0123456789', '--runs-dir', runsDir]);
    const url = await serve.url;
    const state = (await (await fetch(`${url}api/state`)).json()) as { campaign: unknown; seq: number; mode: string; configs: string[] };
    assert.deepEqual({ campaign: state.campaign, seq: state.seq, mode: state.mode }, { campaign: null, seq: 0, mode: 'live' });
    assert.ok(state.configs.includes('latent-bo.json'), 'the shipped configs the start control offers');
    const unauthorized = await fetch(`${url}api/control`, { method: 'POST', body: '{"type":"pause"}' });
    assert.equal(unauthorized.status, 401);
    const started = await fetch(`${url}api/control`, {
      method: 'POST', headers: { authorization: 'Bearer secret-token-0123456789' }, body: JSON.stringify({ type: 'start', config: 'latent-bo.json', set: QUICK_W2 }),
    });
    assert.equal(started.status, 200, await started.clone().text());
    const watch = await runCli(['watch', url, '--until-stop', '--topics', 'run,agent,model']);
    assert.equal(watch.code, 0, watch.stderr);
    assert.match(watch.stdout, /^campaign latent-bo \(latent-bo\) run latent-bo-\S+, budget 25, grid 20×20/m);
    assert.match(watch.stdout, /^step 24 \(25\/25 done\) {2}y=\S+ at \d+ {2}best=/m);
    assert.match(watch.stdout, /^run stop: success/m);
    assert.equal(await terminate(serve.child), 0);
    assert.match(serve.stderr.join(''), /SIGTERM: shutting down/);
    assert.equal(readdirSync(runsDir).filter((f) => f.endsWith('.jsonl')).length, 1);
  });

  it('replay re-streams that run log: watch sees every step and the stop; the replay obeys a controller', async () => {
    const runsDir = join(dir, 'runs');
    const log = join(runsDir, readdirSync(runsDir).find((f) => f.endsWith('.jsonl'))!);
    const replay = serveChild(['replay', log, '--port', '0', '--speed', '0', '--token', 'rt', '--insecure-token']);
    const url = await replay.url;
    const watch = await runCli(['watch', url, '--until-stop', '--topics', 'run,agent']);
    assert.equal(watch.code, 0, watch.stderr);
    const steps = watch.stdout.split('\n').filter((l) => /^step \d+ \(\d+\/25 done\) /.test(l));
    assert.equal(steps.length, 25, 'one progress line per measurement');
    assert.match(watch.stdout, /^campaign latent-bo .*grid 20×20/m, 'maps rebuilt from the start document');
    const state = await (await fetch(`${url}api/state`)).json() as { campaign: { state: string; step: number } };
    assert.deepEqual([state.campaign.state, state.campaign.step], ['finished', 25]);
    const refused = await fetch(`${url}api/control`, { method: 'POST', headers: { authorization: 'Bearer rt' }, body: '{"type":"start","config":"latent-bo.json"}' });
    assert.equal(refused.status, 400);
    assert.equal(await terminate(replay.child), 0);
  });
});
