import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NEVER, lastValueFrom, of, tap } from 'rxjs';
import { upperConfidenceBound } from '../../src/agents/acquisition/upper-confidence-bound.ts';
import { runAgent } from '../../src/agents/agent.ts';
import { resumeFromDocuments } from '../../src/agents/run-documents.ts';
import { readRunLog, parseRunLog } from '../../src/runlog/run-log-reader.ts';
import { RunLogWriter } from '../../src/runlog/run-log-writer.ts';
import { counterClock, fakeSurrogate, lineSpace, measurementOf, scriptedInstrument } from '../helpers/agent-fakes.ts';
import { checkRunConsistency, eventModelValidator } from '../helpers/event-model-validator.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-runlog-'));
const f = (x: number): number => Math.sin(x);
const cfg = {
  budget: 6, initialPoints: 2, seed: 3, direction: 'maximize' as const, posteriorEvery: 0,
  retry: { maxAttempts: 2, backoffMs: 0, fatalCodes: [] }, metadata: { workflow: 'test', config: { a: 1 }, ferroloop_version: '0.1.0' },
};

/** Runs an agent over a 1-D space, appending every document to the log at `path`. */
async function runToLog(path: string, resume?: ReturnType<typeof resumeFromDocuments>): Promise<void> {
  const writer = new RunLogWriter(path);
  const space = lineSpace(20);
  const inst = scriptedInstrument('sim', (cmd) => of(measurementOf(cmd, f((cmd as { field: Float64Array }).field[0]), 'sim')));
  const events$ = runAgent(NEVER, {
    instrument: inst.port, space, clock: counterClock(), resume, acquisition: upperConfidenceBound({ kappa: 2 }),
    surrogate: fakeSurrogate((X) => ({ mean: X.map((x) => Math.cos(x)), variance: X.map(() => 0.5) })),
  }, cfg);
  await lastValueFrom(events$.pipe(tap((e) => { if (e.kind === 'document') writer.append(e.doc); })));
  writer.close();
}

describe('run log', () => {
  it('writes one [name, document] per line that validate against the event-model schemas', async () => {
    const path = join(dir, 'run.jsonl');
    await runToLog(path);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    const docs = lines.map((l) => JSON.parse(l));
    const validate = eventModelValidator();
    for (const doc of docs) assert.deepEqual(validate(doc), [], JSON.stringify(doc).slice(0, 200));
    assert.deepEqual(checkRunConsistency(docs), []);
    assert.deepEqual(docs.map(([n]: [string]) => n).filter((n: string) => n !== 'event'), ['start', 'descriptor', 'descriptor', 'stop']);
    assert.deepEqual(docs[0][1].config, { a: 1 });
  });

  it('drops a torn last line (a kill mid-write) and repairs the file before appending', () => {
    const path = join(dir, 'torn.jsonl');
    const good = `${JSON.stringify(['start', { uid: 's', time: 1 }])}\n`;
    writeFileSync(path, `${good}["descriptor", {"uid": "d", "ti`);
    const contents = readRunLog(path, { repair: true });
    assert.equal(contents.documents.length, 1);
    assert.equal(contents.droppedTornLine, true);
    assert.equal(readFileSync(path, 'utf8'), good);
  });

  it('refuses a corrupt line in the middle, naming the line', () => {
    assert.throws(() => parseRunLog('["start", {"uid": "s", "time": 1}]\nnot json\n["stop", {}]\n', 'x.jsonl'), /x\.jsonl:2: not valid JSON/);
    assert.throws(() => parseRunLog('["event", {"uid": 1}]\n', 'y.jsonl'), /y\.jsonl:1:/);
  });

  it('a run killed after any document resumes to the same log as an uninterrupted run', async () => {
    const full = join(dir, 'full.jsonl');
    await runToLog(full);
    const fullLines = readFileSync(full, 'utf8').trim().split('\n');
    // Identity, wall time and the measured fit duration differ between runs; everything else must not.
    const strip = (line: string): unknown => {
      const [n, d] = JSON.parse(line);
      const { uid: _u, time: _t, timestamps: _s, run_start: _r, descriptor: _d, ...rest } = d;
      if (rest.data) delete rest.data.fit_ms;
      return [n, rest];
    };
    // Kill points: after the descriptors and after each event (a torn half line included each time).
    for (let keep = 3; keep < fullLines.length - 1; keep += 2) {
      const path = join(dir, `killed-${keep}.jsonl`);
      writeFileSync(path, `${fullLines.slice(0, keep).join('\n')}\n`);
      appendFileSync(path, fullLines[keep].slice(0, 17));
      const { documents } = readRunLog(path, { repair: true });
      await runToLog(path, resumeFromDocuments(documents, lineSpace(20)));
      const resumedLines = readFileSync(path, 'utf8').trim().split('\n');
      assert.deepEqual(resumedLines.map(strip), fullLines.map(strip), `kill after line ${keep}`);
      assert.deepEqual(checkRunConsistency(resumedLines.map((l) => JSON.parse(l))).filter((e) => !e.includes('before its descriptor')), []);
    }
  });
});
