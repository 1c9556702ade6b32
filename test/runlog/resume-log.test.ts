import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadCampaignConfig } from '../../src/config-loader.ts';
import { configDiff } from '../../src/runlog/config-diff.ts';
import { openResumableLog, runLogPath } from '../../src/runlog/resume-log.ts';
import { repoRoot } from '../helpers/repo-paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-resume-log-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const runs = join(dir, 'runs');
mkdirSync(runs);
const config = loadCampaignConfig(readFileSync(join(repoRoot, 'configs', 'param-bo.json'), 'utf8'), 'param-bo.json');

const start = (runId: string, cfg: unknown = config) => ['start', { uid: 's', time: 1, run_id: runId, config: cfg }];
const primary = ['descriptor', { uid: 'p', time: 1, run_start: 's', name: 'primary', data_keys: {
  step: { source: 'agent:step', dtype: 'integer', shape: [] }, y: { source: 'agent:objective', dtype: 'number', shape: [] },
} }];
const event = (seq: number, y: unknown) => ['event', { uid: `e${seq}`, descriptor: 'p', seq_num: seq, time: 1, data: { step: seq - 1, y }, timestamps: { step: 1, y: 1 } }];
const abort = ['stop', { uid: 'z', time: 9, run_start: 's', exit_status: 'abort', reason: 'interrupted (SIGINT)', num_events: { primary: 2 } }];

/** Writes a log of these documents as runs/<id>.jsonl. */
function log(id: string, docs: unknown[]): string {
  const path = join(runs, `${id}.jsonl`);
  writeFileSync(path, docs.map((d) => `${JSON.stringify(d)}\n`).join(''));
  return path;
}

describe('opening a run log to resume it', () => {
  it('refuses ids that leave the runs dir before touching any file', () => {
    writeFileSync(join(dir, 'outside.jsonl'), `${JSON.stringify(start('outside'))}\n`);
    for (const id of ['../outside', '../../x', '/etc/passwd', 'a/b', '..', '.hidden', '']) {
      assert.throws(() => runLogPath(runs, id), /is not a run id/, id);
    }
    assert.throws(() => openResumableLog(runs, '../outside', config), /is not a run id/);
    assert.equal(readFileSync(join(dir, 'outside.jsonl'), 'utf8'), `${JSON.stringify(start('outside'))}\n`, 'not truncated');
  });

  it('refuses a log of another run id and one written by another config, naming the differing keys', () => {
    log('renamed', [start('original'), primary]);
    assert.throws(() => openResumableLog(runs, 'renamed', config), /the log is run 'original', not 'renamed'/);
    const other = { ...config, seed: 7, agent: { ...config.agent, budget: 99 } };
    log('other', [start('other', other), primary]);
    assert.throws(() => openResumableLog(runs, 'other', config), /written by another config \(differs at seed, agent\.budget\)/);
    assert.deepEqual(configDiff({ a: { b: [1, 2], c: 1 } }, { a: { b: [1, 3], c: 1, d: 0 } }), ['a.b', 'a.d']);
  });

  it('refuses semantically corrupt logs naming the line: a repeated seq_num, y: null', () => {
    log('dup', [start('dup'), primary, event(1, 0.5), event(1, 0.7)]);
    assert.throws(() => openResumableLog(runs, 'dup', config), /dup\.jsonl:4: seq_num 1 where 2 was due/);
    log('nully', [start('nully'), primary, event(1, 0.5), event(2, null)]);
    assert.throws(() => openResumableLog(runs, 'nully', config), /nully\.jsonl:4: event 2: y is null, not a number/);
  });

  it('reopens a run stopped with Ctrl-C: the abort stop is dropped and remembered; success is refused', () => {
    const path = log('tonight', [start('tonight'), primary, event(1, 0.5), event(2, 0.6), abort]);
    const r = openResumableLog(runs, 'tonight', config);
    assert.equal(r.documents.length, 4);
    assert.deepEqual(r.interruptions, [{ uid: 'z', time: 9, reason: 'interrupted (SIGINT)' }]);
    const text = readFileSync(path, 'utf8');
    assert.equal(r.reopenAt, Buffer.byteLength(text) - Buffer.byteLength(`${JSON.stringify(abort)}\n`));
    // A second Ctrl-C: earlier interruptions carried by the stop are kept.
    const again = ['stop', { ...(abort[1] as object), uid: 'z2', time: 20, interruptions: r.interruptions }];
    log('twice', [start('twice'), primary, event(1, 0.5), again]);
    assert.deepEqual(openResumableLog(runs, 'twice', config).interruptions.map((i) => i.uid), ['z', 'z2']);
    log('done', [start('done'), primary, event(1, 0.5), ['stop', { ...(abort[1] as object), exit_status: 'success' }]]);
    assert.throws(() => openResumableLog(runs, 'done', config), /already finished \(its log has a success stop document\)/);
  });
});
