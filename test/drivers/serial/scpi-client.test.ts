import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ScpiError, TransportError } from '../../../src/drivers/errors.ts';
import { encodeBlock, float32Bytes } from '../../../src/drivers/serial/binary-block.ts';
import { createMemoryPair, type MemoryPair } from '../../../src/drivers/serial/memory-transport.ts';
import { MessageFramer } from '../../../src/drivers/serial/message-framer.ts';
import { ScpiClient } from '../../../src/drivers/serial/scpi-client.ts';
import { hasCode } from '../../../src/testing/instrument-contract.ts';

type Reply = string | Uint8Array | undefined;
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A scripted controller on the device end: `reply(command)` returns raw bytes, a line, or nothing. */
async function scripted(pair: MemoryPair, reply: (cmd: string) => Reply): Promise<string[]> {
  const seen: string[] = [];
  const framer = new MessageFramer();
  await pair.device.open();
  pair.device.data$.subscribe((chunk) => {
    for (const out of framer.push(chunk)) {
      if (out.kind !== 'message') continue;
      const cmd = Buffer.from(out.bytes).toString('latin1');
      seen.push(cmd);
      const r = reply(cmd);
      if (r !== undefined) void pair.device.write(typeof r === 'string' ? enc(`${r}\n`) : r).catch(() => undefined);
    }
  });
  return seen;
}

const OPTS = { name: 'dev', timeoutMs: 200, reconnect: { initialMs: 10, maxMs: 50, waitMs: 2000 } };
let clients: ScpiClient[] = [];
async function client(pair: MemoryPair, opts = OPTS): Promise<ScpiClient> {
  const c = new ScpiClient(pair.host, opts);
  clients.push(c);
  await c.open();
  return c;
}
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  clients = [];
});

describe('ScpiClient', () => {
  it('keeps one request in flight: a second query is written only after the first is answered', async () => {
    const pair = createMemoryPair();
    const pending: string[] = [];
    const seen = await scripted(pair, (cmd) => { pending.push(cmd); return undefined; });
    const c = await client(pair);
    const a = c.query('A?');
    const b = c.query('B?');
    while (seen.length < 1) await new Promise((r) => setImmediate(r));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    assert.deepEqual(seen, ['A?'], 'B? must wait for the answer to A?');
    await pair.device.write(enc('a\n'));
    assert.equal(await a, 'a');
    while (seen.length < 2) await new Promise((r) => setImmediate(r));
    await pair.device.write(enc('b\n'));
    assert.equal(await b, 'b');
    assert.deepEqual(seen, ['A?', 'B?']);
  });

  it('reads a block response split into 1-byte chunks', async () => {
    const pair = createMemoryPair('m', { chunkSize: 1 });
    const payload = float32Bytes(Float64Array.from({ length: 50 }, (_, i) => i / 10), 'SWAP');
    await scripted(pair, () => Uint8Array.from([...encodeBlock(payload), 0x0a]));
    const c = await client(pair);
    assert.deepEqual(await c.queryBlock('DATA?'), payload);
  });

  it('times out with TRANSPORT_TIMEOUT, then resyncs with *OPC? and drops the stale late answer', async () => {
    const pair = createMemoryPair();
    let late: (() => void) | undefined;
    const seen = await scripted(pair, (cmd) => {
      if (cmd === 'SLOW?') { late = () => void pair.device.write(enc('stale\n')); return undefined; }
      if (cmd === 'SYST:ERR?') return '0,"No error"';
      if (cmd === '*OPC?') { late?.(); late = undefined; return '1'; }
      return `${cmd.slice(0, -1).toLowerCase()}`;
    });
    const c = await client(pair);
    await assert.rejects(c.query('SLOW?'), hasCode('TRANSPORT_TIMEOUT'));
    assert.equal(await c.query('NEXT?'), 'next');
    assert.ok(seen.includes('*OPC?'));
    assert.ok(c.strays >= 1, 'the stale answer was dropped');
  });

  it('an aborted query rejects with the abort reason, and its late answer never reaches the next query', async () => {
    const pair = createMemoryPair();
    let late: (() => void) | undefined;
    const seen = await scripted(pair, (cmd) => {
      if (cmd === 'SLOW?') { late = () => void pair.device.write(enc('slow answer\n')); return undefined; }
      if (cmd === '*OPC?') { late?.(); late = undefined; return '1'; }
      return 'fresh';
    });
    const c = await client(pair);
    const ctl = new AbortController();
    const q = c.query('SLOW?', { signal: ctl.signal, timeoutMs: 5000 });
    while (!seen.includes('SLOW?')) await new Promise((r) => setImmediate(r));
    ctl.abort(new Error('operator stop'));
    await assert.rejects(q, /operator stop/);
    assert.equal(await c.query('NEXT?'), 'fresh');
  });

  it('surfaces SCPI error codes with their message after a state change, draining the queue', async () => {
    const pair = createMemoryPair();
    const queue = ['-222,"Data out of range; 2e6"', '-221,"Settings conflict"', '0,"No error"'];
    await scripted(pair, (cmd) => (cmd === 'SYST:ERR?' ? queue.shift() : undefined));
    const c = await client(pair);
    await assert.rejects(c.set('SOUR1:FUNC:ARB:SRAT 2e6'), (err: unknown) => {
      assert.ok(err instanceof ScpiError);
      assert.equal(err.scpiCode, -222);
      assert.match(err.scpiMessage, /Data out of range; 2e6 \(\+ -221 "Settings conflict"\)/);
      assert.equal(err.command, 'SOUR1:FUNC:ARB:SRAT 2e6');
      return true;
    });
    assert.equal(queue.length, 0);
  });

  it('explains a query that got no answer by the error queue (-113 undefined header)', async () => {
    const pair = createMemoryPair();
    await scripted(pair, (cmd) => (cmd === 'SYST:ERR?' ? '-113,"Undefined header"' : cmd === '*OPC?' ? '1' : undefined));
    const c = await client(pair);
    await assert.rejects(c.query('BOGUS?'), (err: unknown) => err instanceof ScpiError && err.scpiCode === -113);
  });

  it('reports garbage bytes in a line as TRANSPORT_PROTOCOL', async () => {
    const pair = createMemoryPair();
    await scripted(pair, (cmd) => (cmd === '*OPC?' ? '1' : Uint8Array.of(0xff, 0x00, 0x31, 0x0a)));
    const c = await client(pair);
    await assert.rejects(c.query('X?'), (err: unknown) => err instanceof TransportError && err.code === 'TRANSPORT_PROTOCOL' && /garbage/.test(err.message));
  });

  it('reports a truncated block as TRANSPORT_PROTOCOL, and a line where a block was due too', async () => {
    const pair = createMemoryPair();
    await scripted(pair, (cmd) => (cmd === 'TRUNC?' ? enc('#3100abcdef\n') : cmd === '*OPC?' ? '1' : '1.5'));
    const c = await client(pair);
    await assert.rejects(c.queryBlock('TRUNC?'), (err: unknown) => err instanceof TransportError && err.code === 'TRANSPORT_PROTOCOL' && /truncated block: 7 of 100/.test(err.message));
    await assert.rejects(c.queryBlock('LINE?'), (err: unknown) => err instanceof TransportError && err.code === 'TRANSPORT_PROTOCOL' && /expected a binary block/.test(err.message));
  });

  it('unplug mid-command: INSTRUMENT_DISCONNECTED, reconnects with backoff, and never re-sends the command', async () => {
    const pair = createMemoryPair();
    const seen = await scripted(pair, (cmd) => (cmd === '*TRG' || cmd === 'WAIT?' ? undefined : cmd === '*OPC?' ? '1' : 'ok'));
    const c = await client(pair);
    const inFlight = c.query('WAIT?', { timeoutMs: 5000 });
    while (!seen.includes('WAIT?')) await new Promise((r) => setImmediate(r));
    pair.unplug();
    await assert.rejects(inFlight, (err: unknown) => err instanceof TransportError && err.disconnected && err.code === 'INSTRUMENT_DISCONNECTED');
    const reconnected = new Promise<void>((resolve) => c.reconnected$.subscribe(() => resolve()));
    pair.replug();
    await pair.device.open();
    await reconnected;
    assert.equal(await c.query('AGAIN?'), 'ok');
    assert.equal(seen.filter((s) => s === 'WAIT?').length, 1, 'the interrupted command was not re-sent');
  });

  it('fails a command with INSTRUMENT_DISCONNECTED when the link stays down longer than waitMs', async () => {
    const pair = createMemoryPair();
    await scripted(pair, () => 'ok');
    const c = await client(pair, { ...OPTS, reconnect: { initialMs: 10, maxMs: 20, waitMs: 100 } });
    pair.unplug();
    await assert.rejects(c.query('X?'), hasCode('INSTRUMENT_DISCONNECTED'));
  });

  it('rejects with TRANSPORT_CLOSED after close, and can be opened again', async () => {
    const pair = createMemoryPair();
    await scripted(pair, () => 'ok');
    const c = await client(pair);
    await c.close();
    await assert.rejects(c.query('X?'), hasCode('TRANSPORT_CLOSED'));
    await c.open();
    assert.equal(await c.query('X?'), 'ok');
  });
});
