import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DashboardState, initialState } from '../../web/dashboard-state.ts';
import { controlsEnabled } from '../../web/dom/control-view.ts';
import { badgeOf, phaseText } from '../../web/dom/status-view.ts';
import { campaignQuality } from '../../web/quality.ts';
import { reduceEnvelope } from '../../web/reduce-envelope.ts';
import { EnvelopeBuilder, MODEL, PREPARED, PRIMARY, START, primaryEvent } from './envelope-fixtures.ts';
import type { Envelope } from '../../web/protocol.ts';

const apply = (s: DashboardState, list: Envelope[]): DashboardState => list.reduce(reduceEnvelope, s);

describe('dashboard: preparation, quality and control truth (issue 13 item 3)', () => {
  it('(a) shows the preparation phase with its progress until the campaign is prepared', () => {
    const b = new EnvelopeBuilder();
    let s = apply(initialState, [b.next('agent', 'campaign/preparing', { name: 'latent-bo', stage: 'starting', done: 0, total: 0 })]);
    assert.deepEqual(badgeOf(s), { state: 'preparing', text: 'preparing' });
    assert.equal(phaseText(s), 'preparing latent-bo…');
    s = apply(s, [b.next('agent', 'campaign/preparing', { name: 'latent-bo', stage: 'vae', done: 12, total: 100, detail: 'loss 41.2 · reconstruction 0.3 · KL 2.1' })]);
    assert.equal(badgeOf(s).text, 'preparing: vae');
    assert.equal(phaseText(s), 'vae: epoch 12 / 100 · loss 41.2 · reconstruction 0.3 · KL 2.1');
    s = apply(s, [b.next('agent', 'campaign/preparing', { name: 'latent-bo', stage: 'ground truth', done: 300, total: 400 })]);
    assert.equal(phaseText(s), 'ground truth: run 300 / 400');
    assert.ok(s.log.some((l) => l.text === 'preparing vae (100)') && s.log.some((l) => l.text === 'preparing ground truth (400)'), 'a log line per stage, not per epoch');
    s = apply(s, [b.next('agent', 'campaign/prepared', PREPARED)]);
    assert.equal(s.preparing, null);
    assert.equal(phaseText(s), null);
  });

  it('(b) best / true best, evaluations to 99 %, random-search expectation and R² live, over feasible candidates', () => {
    const b = new EnvelopeBuilder();
    // PREPARED's truth is [1, 2, 3, 4, 5, NaN]; START minimises, so the true best is 1 and "within 99 %" is y ≤ 1/0.99.
    let s = apply(initialState, [b.next('agent', 'campaign/prepared', PREPARED), b.next('run', 'start', START), b.next('run', 'descriptor', PRIMARY), b.next('run', 'descriptor', MODEL)]);
    s = apply(s, [b.next('run', 'event', primaryEvent(0, 3, 4)), b.next('run', 'event', primaryEvent(1, 1, 2))]);
    let q = campaignQuality(s);
    assert.equal(q.trueBest, 1);
    assert.equal(q.bestOverTrue, 2);
    assert.equal(q.evaluationsTo99, null);
    assert.equal(q.randomExpected, (5 + 1) / (1 + 1), '5 finite candidates, 1 within 99 %');
    assert.equal(q.r2, null, 'no posterior yet');
    s = apply(s, [b.next('run', 'event', primaryEvent(2, 0, 1)), b.next('model', 'model/posterior', { step: 2, mean: [1, 2, 3, 4, 5, 0], std: [0, 0, 0, 0, 0, 0] })]);
    q = campaignQuality(s);
    assert.equal(q.evaluationsTo99, 3);
    assert.equal(q.r2, 1, 'the exact mean over the finite candidates');
  });

  it('(d) a swap is pending until it happens; a failed swap is shown where its ack was', () => {
    const b = new EnvelopeBuilder();
    let s = apply(initialState, [b.next('agent', 'campaign/prepared', PREPARED), b.next('run', 'start', START)]);
    s = reduceEnvelope(s, { v: 1, seq: 0, ts: 0, topic: 'control', type: 'control/ack', payload: { id: 'c1', request: { type: 'swap', instrument: {} } } });
    assert.equal(s.reply?.pending, true);
    assert.match(s.reply!.text, /swap accepted/);
    s = apply(s, [b.next('agent', 'instrument/failed', { step: 4, attempt: 1, code: 'INSTRUMENT_ERROR', message: 'swap failed, keeping ferrosim: no such port', willRetry: false })]);
    assert.deepEqual(s.reply, { ok: false, text: 'INSTRUMENT_ERROR: swap failed, keeping ferrosim: no such port' });
    s = apply(s, [b.next('agent', 'instrument/swapped', { step: 5, from: 'ferrosim', to: 'ferrosim-2' })]);
    assert.deepEqual(s.reply, { ok: true, text: 'instrument swapped at step 5: ferrosim → ferrosim-2' });
  });

  it('(d) controls: disabled without a token, once the run ended, in a replay; start only when nothing runs; badge and header agree', () => {
    const b = new EnvelopeBuilder();
    let s: DashboardState = { ...initialState, configs: ['latent-bo.json', 'param-bo.json'] };
    assert.deepEqual(controlsEnabled(true, s), { campaign: false, start: true });
    s = apply(s, [b.next('agent', 'campaign/prepared', PREPARED), b.next('run', 'start', START), b.next('agent', 'agent/state', { state: 'running', step: 0 })]);
    assert.deepEqual(controlsEnabled(false, s), { campaign: false, start: false });
    assert.deepEqual(controlsEnabled(true, s), { campaign: true, start: false });
    s = apply(s, [b.next('agent', 'agent/state', { state: 'finished', step: 3, reason: 'stopped by a client' }), b.next('run', 'stop', { uid: 'z', time: 9, run_start: 'start-uid', exit_status: 'abort', reason: 'stopped by a client' })]);
    assert.deepEqual(controlsEnabled(true, s), { campaign: false, start: true });
    assert.deepEqual(badgeOf(s), { state: 'ended-abort', text: 'run ended: abort' }, 'the same word as the header’s exit status');
    assert.deepEqual(controlsEnabled(true, { ...s, mode: 'replay' }), { campaign: false, start: false });
  });

  it('(e) a replay says so, and log times are the recorded ones', () => {
    const b = new EnvelopeBuilder();
    const s = apply({ ...initialState, mode: 'replay' }, [b.next('run', 'start', { ...START, time: 1_600_000_000.5 }), b.next('agent', 'agent/state', { state: 'running', step: 0 })]);
    assert.deepEqual(badgeOf(s), { state: 'replay', text: 'replay · agent running' });
    const started = s.log.find((l) => /started/.test(l.text))!;
    assert.equal(started.ts, 1_600_000_000_500, 'the start document’s time, not the replay’s send time');
  });

  it('(c) a W3 start document brings its structural scan for the structure card', () => {
    const b = new EnvelopeBuilder();
    const scan = { channel: 'AMPL', nx: 2, ny: 2, sizeUm: 5, image: [0, 1, 2, 3] };
    const s = apply(initialState, [b.next('run', 'start', { ...START, workflow: 'dkl-microscope', structure_scan: scan })]);
    assert.equal(s.structure?.channel, 'AMPL');
    assert.deepEqual(Array.from(s.structure!.image), [0, 1, 2, 3]);
    const bad = apply(initialState, [new EnvelopeBuilder().next('run', 'start', { ...START, structure_scan: { ...scan, image: [1] } })]);
    assert.equal(bad.structure, null, 'an image of the wrong size is not drawn');
  });
});
