import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authMessage, controlMessage, socketUrl, subscribeMessage, swapMessage } from '../../web/client-messages.ts';
import { parseEnvelope } from '../../web/protocol.ts';

describe('parseEnvelope', () => {
  it('accepts a well-formed envelope', () => {
    const r = parseEnvelope(JSON.stringify({ v: 1, seq: 3, ts: 5, topic: 'agent', type: 'agent/state', payload: { state: 'running', step: 0 } }));
    assert.ok(r.ok);
    assert.equal(r.envelope.seq, 3);
  });

  it('names the failing field of a bad envelope and refuses non-JSON', () => {
    const bad = parseEnvelope(JSON.stringify({ v: 1, seq: 0, ts: 5, topic: 'agent', type: 't', payload: null }));
    assert.ok(!bad.ok);
    assert.match(bad.error, /^bad envelope: seq:/);
    const topic = parseEnvelope(JSON.stringify({ v: 1, seq: 1, ts: 5, topic: 'weather', type: 't', payload: null }));
    assert.ok(!topic.ok);
    assert.match(topic.error, /topic/);
    const text = parseEnvelope('{not json');
    assert.deepEqual(text, { ok: false, error: 'frame is not JSON' });
  });
});

describe('client messages', () => {
  it('subscribes to every topic from the last seen seq', () => {
    assert.deepEqual(subscribeMessage(42), { type: 'subscribe', topics: ['run', 'agent', 'model', 'frames', 'control'], since: 42 });
    assert.deepEqual(authMessage('T'), { type: 'auth', token: 'T' });
    assert.deepEqual(controlMessage('pause', 'c1'), { type: 'pause', id: 'c1' });
  });

  it('builds a swap from an instrument config object and explains bad text', () => {
    const ok = swapMessage('{"kind":"ferrosim","name":"sim2"}', 'c2');
    assert.ok(ok.ok);
    assert.deepEqual(ok.message, { type: 'swap', id: 'c2', instrument: { kind: 'ferrosim', name: 'sim2' } });
    const notJson = swapMessage('{kind:', 'c3');
    assert.ok(!notJson.ok);
    assert.match(notJson.error, /not JSON/);
    assert.deepEqual(swapMessage('[1]', 'c4'), { ok: false, error: 'instrument config must be a JSON object' });
    assert.deepEqual(swapMessage('{"name":"x"}', 'c5'), { ok: false, error: 'instrument config needs a string "kind"' });
  });

  it('derives ws:// or wss:// from the page location', () => {
    assert.equal(socketUrl({ protocol: 'http:', host: '127.0.0.1:8765' }), 'ws://127.0.0.1:8765/ws');
    assert.equal(socketUrl({ protocol: 'https:', host: 'lab.example' }), 'wss://lab.example/ws');
  });
});
