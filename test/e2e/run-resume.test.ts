import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/run-cli.ts';
import { checkRunConsistency, eventModelValidator } from '../helpers/event-model-validator.ts';
import { repoRoot } from '../helpers/repo-paths.ts';
import { runLogLines, waitForDir } from '../helpers/wait-for-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-run-'));
const cacheDir = join(dir, 'cache');
process.env.FERROLOOP_CACHE_DIR = cacheDir;

/** A W2 campaign small enough for a test: 300 trajectories, 3 VAE epochs, a 12×12 latent grid. */
const QUICK = [
  '--set', 'workflow.trajectories.count=300', '--set', 'workflow.vae.epochs=3', '--set', 'workflow.vae.hidden=[32]',
  '--set', 'workflow.grid.nx=25', '--set', 'workflow.grid.ny=25', '--set', 'agent.initialPoints=5', '--set', 'agent.retry.backoffMs=0',
];

describe('ferroloop run (W2 on the simulator, end to end)', () => {
  it('writes a schema-valid run log, figures and a summary', async () => {
    const runs = join(dir, 'runs-a');
    const r = await runCli(['run', join(repoRoot, 'configs', 'latent-bo.json'), '--runs-dir', runs, '--quiet', ...QUICK, '--set', 'agent.budget=20']);
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.evaluations, 20);
    assert.equal(summary.exit_status, 'success');
    assert.ok(summary.best <= summary.true_best + 1e-9, 'the best measured value is one of the grid values');
    assert.ok(summary.r2 <= 1);
    assert.deepEqual(summary.figures.map((f: string) => f.split('/').pop()).sort(), ['latent.png', 'manifold.png', 'objective.png', 'surface.png']);
    const docs = readFileSync(summary.log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const validate = eventModelValidator();
    for (const d of docs) assert.deepEqual(validate(d), []);
    assert.deepEqual(checkRunConsistency(docs), []);
    assert.equal(docs[0][1].run_id, summary.run_id);
    assert.equal(docs[0][1].config.agent.budget, 20);
  });

  it('resumes a run killed with SIGKILL: nothing lost or duplicated, seq_num continues', async () => {
    const runs = join(dir, 'runs-b');
    mkdirSync(runs, { recursive: true });
    const args = ['run', join(repoRoot, 'configs', 'latent-bo.json'), '--runs-dir', runs, '--quiet', ...QUICK, '--set', 'agent.budget=400'];
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'ferroloop.mjs'), ...args], { cwd: repoRoot, env: process.env, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal === 'SIGKILL' ? -9 : _code)));
    // Kill as soon as 15 primary events are on disk (the run has 400 to do).
    await waitForDir(runs, () => {
      const log = runLogLines(runs);
      return log && log.lines.filter((l) => l.startsWith('["event"') && l.includes('"phase"')).length >= 15 ? log : undefined;
    });
    child.kill('SIGKILL');
    assert.equal(await exited, -9);
    const killed = runLogLines(runs)!;
    assert.ok(!killed.lines.some((l) => l.startsWith('["stop"')), 'killed before the end');
    const runId = basename(killed.path, '.jsonl');

    // Resuming needs the run's own config: without its --sets it is refused, naming the keys.
    const other = await runCli(['run', join(repoRoot, 'configs', 'latent-bo.json'), '--runs-dir', runs, '--quiet', '--resume', runId]);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /written by another config \(differs at workflow\.trajectories\.count, /);
    assert.equal(other.stderr.trim().split('\n').length, 1);
    const r = await runCli([...args, '--resume', runId]);
    assert.equal(r.code, 0, r.stderr);
    const final = readFileSync(killed.path, 'utf8').trim().split('\n');
    assert.deepEqual(final.slice(0, killed.lines.length), killed.lines, 'every line written before the kill is kept');
    const docs = final.map((l) => JSON.parse(l));
    assert.deepEqual(checkRunConsistency(docs), []);
    const primaryUid = docs.find(([n, d]) => n === 'descriptor' && d.name === 'primary')[1].uid;
    const events = docs.filter(([n, d]) => n === 'event' && d.descriptor === primaryUid).map(([, d]) => d);
    assert.deepEqual(events.map((e) => e.seq_num), Array.from({ length: 400 }, (_, i) => i + 1));
    assert.equal(new Set(events.map((e) => e.data.candidate)).size, 400, 'no candidate measured twice');
    assert.equal(docs.filter(([n]) => n === 'start').length, 1);
    assert.equal(docs.filter(([n]) => n === 'stop').length, 1);
    assert.equal(JSON.parse(r.stdout).evaluations, 400);
  });

  it('Ctrl-C ends the run cleanly at a step boundary with an abort stop document (exit 130)', async () => {
    const runs = join(dir, 'runs-int');
    mkdirSync(runs, { recursive: true });
    const args = ['run', join(repoRoot, 'configs', 'latent-bo.json'), '--runs-dir', runs, '--quiet', ...QUICK, '--set', 'agent.budget=80'];
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'ferroloop.mjs'), ...args], { cwd: repoRoot, env: process.env, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await waitForDir(runs, () => {
      const log = runLogLines(runs);
      return log && log.lines.filter((l) => l.startsWith('["event"') && l.includes('"phase"')).length >= 10 ? log : undefined;
    });
    child.kill('SIGINT');
    assert.equal(await exited, 130);
    const lines = runLogLines(runs)!.lines;
    const stop = JSON.parse(lines[lines.length - 1]);
    assert.equal(stop[0], 'stop');
    assert.equal(stop[1].exit_status, 'abort');
    assert.match(stop[1].reason, /SIGINT/);
    const summary = JSON.parse(stdout);
    assert.equal(summary.exit_status, 'abort');
    assert.ok(summary.evaluations >= 10 && summary.evaluations < 80);

    // Continue tomorrow: --resume (same config and --sets) reopens the run and finishes it.
    const id = basename(runLogLines(runs)!.path, '.jsonl');
    const r = await runCli([...args, '--resume', id]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).evaluations, 80);
    const docs = readFileSync(runLogLines(runs)!.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(checkRunConsistency(docs), []);
    assert.equal(docs.filter(([n]) => n === 'stop').length, 1);
    const final = docs.at(-1)[1];
    assert.equal(final.exit_status, 'success');
    assert.equal(final.interruptions.length, 1);
    assert.match(final.interruptions[0].reason, /SIGINT/);
  });

  it('refuses to resume a finished run and a missing one', async () => {
    const runs = join(dir, 'runs-a');
    const id = basename(runLogLines(runs)!.path, '.jsonl');
    const r = await runCli(['run', join(repoRoot, 'configs', 'latent-bo.json'), '--runs-dir', runs, '--resume', id]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /already finished/);
    const missing = await runCli(['run', join(repoRoot, 'configs', 'latent-bo.json'), '--runs-dir', runs, '--resume', 'nope']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /cannot read run log/);
    const escape = await runCli(['run', join(repoRoot, 'configs', 'latent-bo.json'), '--runs-dir', runs, '--resume', '../../x']);
    assert.equal(escape.code, 2);
    assert.match(escape.stderr, /'\.\.\/\.\.\/x' is not a run id/);
  });

  it('bad configs get one line naming the path and exit code 2', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ workflow: { kind: 'latent-bo' }, instrument: { kind: 'ferrosim' }, agent: { budget: 'lots' } }));
    const r = await runCli(['run', bad, '--runs-dir', join(dir, 'runs-c')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /agent\.budget/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});
