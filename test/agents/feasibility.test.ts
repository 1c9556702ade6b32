import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NEVER, lastValueFrom, of, throwError, toArray } from 'rxjs';
import { upperConfidenceBound } from '../../src/agents/acquisition/upper-confidence-bound.ts';
import { runAgent } from '../../src/agents/agent.ts';
import type { AgentConfig, AgentEvent } from '../../src/agents/agent-types.ts';
import { blockedMask, candidateFeasibility } from '../../src/agents/feasibility.ts';
import { withFeasibility } from '../../src/agents/workflows/with-feasibility.ts';
import { checkPole } from '../../src/drivers/command-checks.ts';
import type { InstrumentInfo, PoleCommand } from '../../src/drivers/instrument.ts';
import { counterClock, fakeSurrogate, lineSpace, measurementOf, scriptedInstrument } from '../helpers/agent-fakes.ts';

/** An instrument that poles up to 5 V at 1 V/Ec: candidates 6…9 of lineSpace(10) are beyond its limit. */
const INFO: InstrumentInfo = {
  name: 'hv', kind: 'test', identity: 'test', capabilities: ['pole'], outputs: { pole: ['Y'] },
  limits: { pole: { maxVolts: 5, maxSlewVPerUs: 1e6, minPoints: 1, maxPoints: 10, minDtMs: 0, maxDtMs: 10, voltsPerEc: 1 } },
};

const CFG: AgentConfig = {
  budget: 6, initialPoints: 2, seed: 3, direction: 'maximize', posteriorEvery: 0, metadata: { workflow: 'test' },
  retry: { maxAttempts: 1, backoffMs: 0, fatalCodes: ['INSTRUMENT_LIMIT'] },
};

/** The objective peaks at candidate 8, which the instrument refuses (INSTRUMENT_LIMIT), as the rig refuses 419 V. */
const f = (x: number): number => -((x - 8) ** 2);

async function campaign(infeasible?: Uint8Array): Promise<{ events: AgentEvent[]; picked: number[] }> {
  const inst = scriptedInstrument('hv', (cmd) => {
    try {
      checkPole(INFO.limits.pole!, cmd as PoleCommand);
    } catch (err) {
      return throwError(() => err);
    }
    return of(measurementOf(cmd, f((cmd as PoleCommand).field[0]), 'hv'));
  });
  const events = await lastValueFrom(runAgent(NEVER, {
    instrument: inst.port, surrogate: fakeSurrogate((X) => ({ mean: X.map(f), variance: X.map(() => 1) })),
    acquisition: upperConfidenceBound({ kappa: 0 }), space: lineSpace(10), clock: counterClock(), infeasible,
  }, CFG).pipe(toArray()));
  return { events, picked: inst.calls.map((c) => (c as PoleCommand).field[0]) };
}

const stopOf = (events: AgentEvent[]) => (events.find((e) => e.kind === "document" && e.doc[0] === "stop") as unknown as { doc: [string, { exit_status: string; reason: string }] }).doc[1];

describe('feasibility: limits known before the campaign starts', () => {
  it('marks exactly the candidates the limits refuse, with the first refusal as the example', () => {
    const f0 = candidateFeasibility(lineSpace(10), { info: INFO });
    assert.deepEqual(Array.from(f0.infeasible), [0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
    assert.equal(f0.count, 4);
    assert.deepEqual(f0.example, { candidate: 6, message: 'pole: peak 6 V at the sample exceeds the limit 5 V' });
  });

  it('asks the instrument\'s own check when it has one; errors other than limits propagate', () => {
    const seen: number[] = [];
    const f1 = candidateFeasibility(lineSpace(4), { info: INFO, check: (c) => {
      seen.push((c as PoleCommand).field[0]);
      if ((c as PoleCommand).field[0] === 1) throw Object.assign(new Error('generator range'), { code: 'INSTRUMENT_LIMIT' });
    } });
    assert.deepEqual(seen, [0, 1, 2, 3]);
    assert.deepEqual(Array.from(f1.infeasible), [0, 1, 0, 0]);
    assert.throws(() => candidateFeasibility(lineSpace(2), { info: INFO, check: () => { throw new TypeError('bug'); } }), /bug/);
  });

  it('counts candidates in the start-document facts, says so, and refuses a space with nothing feasible', () => {
    const logs: string[] = [];
    const prepared = withFeasibility({ space: lineSpace(10), info: { grid_points: 10 } }, { info: INFO }, 8, (m) => logs.push(m));
    assert.deepEqual(prepared.info, {
      grid_points: 10, candidates_total: 10, candidates_infeasible: 4,
      candidates_infeasible_example: 'candidate 6: pole: peak 6 V at the sample exceeds the limit 5 V',
    });
    assert.match(logs[0], /^4 of 10 candidates break hv's limits and are excluded from the search \(e\.g\. candidate 6: pole: peak 6 V/);
    assert.match(logs[1], /only 6 candidates are feasible: the run ends short of its budget of 8/);
    const tight = { ...INFO, limits: { pole: { ...INFO.limits.pole!, maxVolts: 0.5, minPoints: 1 } } };
    const shifted = { ...lineSpace(10), toCommand: (i: number) => ({ kind: "pole" as const, field: Float64Array.of(i + 1), units: "Ec" as const, dtMs: 1 }) };
    assert.throws(() => withFeasibility({ space: shifted, info: {} }, { info: tight }, 1),
      (err: Error & { code?: string }) => err.code === 'CONFIG_INVALID' && /every one of the 10 candidates breaks the instrument's limits/.test(err.message));
  });

  it('without the mask, one infeasible pick ends the campaign (INSTRUMENT_LIMIT, fail)', async () => {
    const { events } = await campaign();
    assert.equal(stopOf(events).exit_status, 'fail');
    assert.match(stopOf(events).reason, /INSTRUMENT_LIMIT: pole: peak \d V at the sample exceeds the limit 5 V/);
  });

  it('with the mask, the agent never proposes an infeasible candidate and completes its budget', async () => {
    const infeasible = candidateFeasibility(lineSpace(10), { info: INFO }).infeasible;
    const { events, picked } = await campaign(infeasible);
    assert.equal(stopOf(events).exit_status, 'success');
    assert.equal(picked.length, 6);
    assert.ok(picked.every((c) => c <= 5), `picked ${picked}`);
    assert.ok(picked.includes(5), 'the best feasible candidate, next to the refused optimum, is found');
    assert.ok(!events.some((e) => e.kind === 'status' && e.type === 'instrument/failed'));
  });

  it('runs out of feasible candidates with a success stop that says so', async () => {
    const infeasible = Uint8Array.from({ length: 10 }, (_, i) => (i >= 4 ? 1 : 0));
    const { events, picked } = await campaign(infeasible);
    assert.deepEqual([...picked].sort(), [0, 1, 2, 3]);
    assert.deepEqual(stopOf(events), { ...stopOf(events), exit_status: 'success', reason: 'every feasible candidate has been measured' });
  });

  it('blockedMask ORs measured and infeasible without touching either', () => {
    const measured = Uint8Array.of(1, 0, 0);
    const infeasible = Uint8Array.of(0, 0, 1);
    assert.deepEqual(Array.from(blockedMask(measured, infeasible)), [1, 0, 1]);
    assert.deepEqual(Array.from(measured), [1, 0, 0]);
    assert.equal(blockedMask(measured), measured);
  });
});
