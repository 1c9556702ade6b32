import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadCampaignConfig } from '../../src/config-loader.ts';
import { checkRunConsistency, eventModelValidator } from '../helpers/event-model-validator.ts';
import { repoRoot } from '../helpers/repo-paths.ts';
import { runCli } from '../helpers/run-cli.ts';
import { runLogLines, waitForDir } from '../helpers/wait-for-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-batch-'));
process.env.FERROLOOP_CACHE_DIR = join(dir, 'cache');
after(() => rmSync(dir, { recursive: true, force: true }));

/** W2 small enough for a test, in batches of 4 (two simulator threads: min(q, cores) on a 2-core machine). */
const QUICK = [
  'workflow.trajectories.count=300', 'workflow.vae.epochs=3', 'workflow.vae.hidden=[32]', 'workflow.grid.nx=20', 'workflow.grid.ny=20',
  'agent.initialPoints=6', 'agent.retry.backoffMs=0', 'agent.batchSize=4', 'figures=false',
].flatMap((s) => ['--set', s]);
const config = (name: string) => readFileSync(join(repoRoot, 'configs', name), 'utf8');

/** [seq_num, step, candidate] of a log's primary events, and the candidates of its model events. */
function streams(path: string) {
  const docs = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const uid = (name: string) => docs.find(([n, d]) => n === 'descriptor' && d.name === name)[1].uid;
  const of = (name: string) => docs.filter(([n, d]) => n === 'event' && d.descriptor === uid(name)).map(([, d]) => d);
  return { docs, primary: of('primary').map((e) => [e.seq_num, e.data.step, e.data.candidate]), model: of('model').map((e) => [e.seq_num, e.data.step, e.data.candidate]) };
}

describe('batch BO (agent.batchSize) end to end', () => {
  it('is refused where evaluations are not independent: hardware, or a twin whose state carries over', () => {
    const refused = (name: string, set: string[]) => {
      try {
        loadCampaignConfig(config(name), name, set);
      } catch (err) {
        return (err as Error).message;
      }
      return 'accepted';
    };
    assert.match(refused('latent-bo.rig.json', ['agent.batchSize=4']), /agent\.batchSize: .*simulator only: instrument "poling-rig" keeps one measurement in flight/);
    assert.match(refused('dkl-microscope.rig.json', ['agent.batchSize=2']), /keeps one measurement in flight/);
    assert.match(refused('latent-bo.json', ['agent.batchSize=4', 'instrument.polePolicy="persist"']), /polePolicy "reset"/);
    assert.match(refused('dkl-microscope.json', ['agent.batchSize=4', 'instrument.spectroscopyPolicy="persist"']), /spectroscopyPolicy "reset"/);
    assert.match(refused('latent-bo.json', ['agent.batchSize=65']), /agent\.batchSize/);
    assert.equal(refused('latent-bo.rig.json', ['agent.batchSize=1']), 'accepted');
    assert.equal(refused('param-bo.json', ['agent.batchSize=8']), 'accepted');
  });

  it('a W2 batch run killed with SIGKILL and resumed logs what the uninterrupted run logs: nothing lost or repeated', { timeout: 300_000 }, async () => {
    const budget = 150;
    const args = (runs: string) => ['run', join(repoRoot, 'configs', 'latent-bo.json'), '--runs-dir', runs, '--quiet', ...QUICK, '--set', `agent.budget=${budget}`];
    const whole = await runCli(args(join(dir, 'whole')));
    assert.equal(whole.code, 0, whole.stderr);
    const reference = streams(JSON.parse(whole.stdout).log);
    const validate = eventModelValidator();
    for (const d of reference.docs) assert.deepEqual(validate(d), []);
    assert.deepEqual(checkRunConsistency(reference.docs), []);
    assert.deepEqual(reference.primary.map((e) => e[0]), Array.from({ length: budget }, (_, i) => i + 1), 'primary seq_num contiguous');
    assert.deepEqual(reference.primary.map((e) => e[1]), Array.from({ length: budget }, (_, i) => i), 'logged in step (proposal) order');
    assert.equal(new Set(reference.primary.map((e) => e[2])).size, budget, 'no candidate measured twice');
    assert.equal(reference.docs[0][1].config.agent.batchSize, 4);

    const runs = join(dir, 'killed');
    mkdirSync(runs, { recursive: true });
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'ferroloop.mjs'), ...args(runs)], { cwd: repoRoot, env: process.env, stdio: 'ignore' });
    const exited = new Promise<string | null>((resolve) => child.on('exit', (_c, signal) => resolve(signal)));
    // Kill once the first model batch (steps 6…9) is measured and every logged batch of model events is whole: the
    // q model events of a batch are separate appends µs apart, and a kill between two of them leaves a shorter batch
    // (documented; resuming is then correct but proposes later batches one step later, so the logs would differ).
    // Between whole batches the child is measuring or refitting (milliseconds), where a kill lands.
    await waitForDir(runs, () => {
      const log = runLogLines(runs);
      if (!log) return undefined;
      const docs = log.lines.filter((l) => l.endsWith(']')).map((l) => JSON.parse(l) as [string, { name?: string; uid?: string; descriptor?: string }]);
      const uid = (name: string) => docs.find(([n, d]) => n === 'descriptor' && d.name === name)?.[1].uid;
      const count = (name: string) => docs.filter(([n, d]) => n === 'event' && d.descriptor !== undefined && d.descriptor === uid(name)).length;
      return count('primary') >= 7 && count('model') % 4 === 0 ? log : undefined;
    });
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    const killed = runLogLines(runs)!;
    assert.ok(!killed.lines.some((l) => l.startsWith('["stop"')), 'killed before the end');
    const resumed = await runCli([...args(runs), '--resume', basename(killed.path, '.jsonl')]);
    assert.equal(resumed.code, 0, resumed.stderr);
    const final = streams(killed.path);
    assert.deepEqual(checkRunConsistency(final.docs), []);
    assert.deepEqual(final.primary, reference.primary, 'the same measurements, steps and seq_nums as the uninterrupted run');
    assert.deepEqual(final.model, reference.model, 'the same proposals, none proposed twice');
    assert.equal(final.docs.filter(([n]) => n === 'stop').length, 1);
  });
});
