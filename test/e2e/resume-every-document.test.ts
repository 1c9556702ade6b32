import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCampaign } from '../../src/agents/campaign-runner.ts';
import { loadCampaignConfig } from '../../src/config-loader.ts';
import type { CampaignConfig } from '../../src/config.ts';
import { validateRun } from '../../src/events/run-validator.ts';
import { repoRoot } from '../helpers/repo-paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-resume-every-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A shipped config made tiny: overrides as `--set` would apply them, no figures, retries without backoff. */
function tiny(name: string, sets: string[]): CampaignConfig {
  return loadCampaignConfig(readFileSync(join(repoRoot, 'configs', `${name}.json`), 'utf8'), name,
    [...sets, 'figures=false', 'agent.retry.backoffMs=0']);
}

/** A log line with what legitimately differs between runs (uids, times, fit durations) blanked. */
function normalise(lines: readonly string[]): unknown[] {
  const uids = new Map<string, string>();
  const uid = (u: string): string => {
    if (!uids.has(u)) uids.set(u, `uid${uids.size}`);
    return uids.get(u)!;
  };
  return lines.map((l) => {
    const [name, doc] = JSON.parse(l) as [string, Record<string, unknown>];
    const d: Record<string, unknown> = { ...doc, uid: uid(doc.uid as string), time: 0 };
    for (const k of ['run_start', 'descriptor']) if (typeof d[k] === 'string') d[k] = uid(d[k] as string);
    if (name === 'event') {
      d.timestamps = Object.fromEntries(Object.keys(doc.timestamps as object).map((k) => [k, 0]));
      const data = { ...(doc.data as Record<string, unknown>) };
      if ('fit_ms' in data) data.fit_ms = 0;
      d.data = data;
    }
    if (name === 'start') d.run_id = 'run';
    return [name, d];
  });
}

/** Where two normalised logs first differ. */
function firstDifference(got: unknown[], want: unknown[]): string {
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    if (JSON.stringify(got[i]) !== JSON.stringify(want[i])) return `document ${i + 1}: ${JSON.stringify(got[i])?.slice(0, 300)} vs ${JSON.stringify(want[i])?.slice(0, 300)}`;
  }
  return 'no difference';
}

/** Writes `lines` as the log of run `id` in `dir`; returns its path. */
function cutLog(dir: string, id: string, lines: readonly string[]): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${id}.jsonl`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Runs `config` once, then for every k cuts its log to the first k documents, resumes it and compares. */
async function resumeAtEveryDocument(label: string, config: CampaignConfig): Promise<{ cuts: number; matched: number }> {
  const runsDir = join(dir, label);
  const cacheDir = join(dir, 'cache');
  const base = await runCampaign({ config, runsDir, cacheDir, workers: 1 });
  const lines = readFileSync(base.log, 'utf8').trim().split('\n');
  assert.deepEqual(validateRun(lines.map((l) => JSON.parse(l))), [], 'the uninterrupted log is valid (dtype and shape of every value)');
  const want = normalise(lines);
  let matched = 0;
  const cuts = lines.length - 1; // cut after document k = 1 … n−1 (the last is the stop document)
  for (let k = 1; k <= cuts; k++) {
    // Each cut in its own runs dir, under the run's id (resume checks that the log is the run it names).
    const cutDir = join(runsDir, `cut-${k}`);
    const path = cutLog(cutDir, base.run_id, lines.slice(0, k));
    try {
      await runCampaign({ config, runsDir: cutDir, cacheDir, workers: 1, resumeId: base.run_id });
    } catch (err) {
      console.log(`${label}: cut after document ${k}: resume failed: ${(err as Error).message}`);
      continue;
    }
    const got = normalise(readFileSync(path, 'utf8').trim().split('\n'));
    try {
      assert.deepEqual(got, want);
      matched += 1;
    } catch (err) {
      console.log(`${label}: cut after document ${k} (${JSON.parse(lines[k - 1])[0]}) diverges: ${firstDifference(got, want)}`);
    }
  }
  // "Stop tonight, continue tomorrow": Ctrl-C ends the run with an abort stop after a primary event; --resume
  // reopens it and the finished log equals the uninterrupted one, its stop listing the interruption.
  const primaryUid = JSON.parse(lines.find((l) => l.includes('"name":"primary"'))!)[1].uid;
  const afterPrimary = lines.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith('["event"') && l.includes(primaryUid)).map(([, i]) => i + 1);
  let reopened = 0;
  for (const k of [afterPrimary[1], afterPrimary[afterPrimary.length >> 1]]) {
    const cutDir = join(runsDir, `abort-${k}`);
    const abort = ['stop', { uid: 'abort-uid', time: 1, run_start: JSON.parse(lines[0])[1].uid, exit_status: 'abort', reason: 'interrupted (SIGINT)', num_events: {} }];
    const path = cutLog(cutDir, base.run_id, [...lines.slice(0, k), JSON.stringify(abort)]);
    await runCampaign({ config, runsDir: cutDir, cacheDir, workers: 1, resumeId: base.run_id });
    const got = readFileSync(path, 'utf8').trim().split('\n');
    const stop = JSON.parse(got.at(-1)!)[1];
    assert.deepEqual(stop.interruptions, [{ uid: 'abort-uid', time: 1, reason: 'interrupted (SIGINT)' }]);
    delete stop.interruptions;
    assert.deepEqual(normalise([...got.slice(0, -1), JSON.stringify(['stop', stop])]), want, `reopened after document ${k}`);
    reopened += 1;
  }
  assert.equal(reopened, 2);
  return { cuts, matched };
}

describe('resume reproduces the uninterrupted run, cut after every document', () => {
  it('W1 (param-bo)', async () => {
    const r = await resumeAtEveryDocument('w1', tiny('param-bo', [
      'workflow.k.count=8', 'workflow.depAlpha.count=8', 'workflow.field.steps=120', 'instrument.twin.n=8',
      'agent.budget=20', 'agent.initialPoints=5',
    ]));
    assert.equal(r.matched, r.cuts);
  });

  it('W2 (latent-bo, short)', async () => {
    const r = await resumeAtEveryDocument('w2', tiny('latent-bo', [
      'workflow.trajectories.count=300', 'workflow.vae.epochs=2', 'workflow.vae.hidden=[16]',
      'workflow.grid.nx=8', 'workflow.grid.ny=8', 'instrument.twin.n=8', 'agent.budget=16', 'agent.initialPoints=4',
    ]));
    assert.equal(r.matched, r.cuts);
  });
});
