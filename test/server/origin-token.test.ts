import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { InputError } from '../../src/errors.ts';
import { AuthThrottle, MAX_AUTH_FAILURES_PER_CONNECTION } from '../../src/server/auth-throttle.ts';
import type { ControlTarget } from '../../src/server/control-dispatch.ts';
import { EventHub } from '../../src/server/event-hub.ts';
import { type LiveServer, startLiveServer } from '../../src/server/live-server.ts';
import { parseAllowedOrigin } from '../../src/server/origin-policy.ts';
import { ServerError } from '../../src/server/server-error.ts';
import { MIN_TOKEN_LENGTH, resolveToken, shownToken } from '../../src/server/server-token.ts';
import { repoRoot } from '../helpers/repo-paths.ts';
import { TestClient } from './ws-test-client.ts';

const TOKEN = 'origin-token-test-0123456789';
const none: ControlTarget = { status: () => null, handle: async () => { throw new ServerError('NO_CAMPAIGN', 'none'); } };

/** The HTTP status of a WebSocket upgrade with this Origin header (101 when it opened). */
function upgradeStatus(port: number, origin: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { perMessageDeflate: false, ...(origin ? { origin } : {}) });
    ws.once('open', () => { ws.close(); resolve(101); });
    ws.once('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); res.resume(); });
    ws.once('error', (err) => { if (!/Unexpected server response/.test(err.message)) reject(err); });
  });
}

describe('origin, token and observers', () => {
  let server: LiveServer;
  const hub = new EventHub();
  const logged: string[] = [];
  let now = 1_000_000;
  const throttle = new AuthThrottle({ now: () => now });
  before(async () => {
    server = await startLiveServer({
      hub, control: none, token: TOKEN, port: 0, log: (m) => logged.push(m), throttle,
      allowOrigins: [parseAllowedOrigin('https://Lab.Example:8443')],
      dashboard: async () => ({ ok: false, reason: 'no bundle (test)' }),
    });
  });
  after(() => server.close());

  it('refuses a foreign Origin with 403 and accepts its own, an --allow-origin one and clients without Origin', async () => {
    assert.equal(await upgradeStatus(server.port, 'http://evil.example'), 403);
    assert.equal(await upgradeStatus(server.port, `http://evil.example:${server.port}`), 403, 'a rebinding page has a foreign origin too');
    assert.equal(await upgradeStatus(server.port, 'null'), 403);
    assert.equal(await upgradeStatus(server.port, `http://127.0.0.1:${server.port}`), 101);
    assert.equal(await upgradeStatus(server.port, `http://localhost:${server.port}`), 101);
    assert.equal(await upgradeStatus(server.port, 'https://lab.example:8443'), 101);
    assert.equal(await upgradeStatus(server.port, undefined), 101);
    assert.ok(logged.some((l) => /refused a WebSocket from origin "http:\/\/evil\.example"/.test(l)));
    assert.throws(() => parseAllowedOrigin('https://x.example/path'), InputError);
  });

  it(`closes a connection (1008) after ${MAX_AUTH_FAILURES_PER_CONNECTION} failed attempts; replies and logs never echo a guess`, async () => {
    throttle.succeed('127.0.0.1');
    const from = logged.length;
    const c = await TestClient.open(server.port);
    const guesses = Array.from({ length: MAX_AUTH_FAILURES_PER_CONNECTION }, (_, i) => `guess-${1000 + i}`);
    for (const g of guesses) c.send({ type: 'auth', token: g });
    const closed = await c.closed;
    assert.equal(closed.code, 1008);
    const errors = c.received.filter((e) => e.type === 'error');
    assert.equal(errors.length, MAX_AUTH_FAILURES_PER_CONNECTION, 'every attempt answered before the close');
    for (const e of errors) assert.equal((e.payload as { code: string }).code, 'UNAUTHORIZED');
    const text = JSON.stringify(c.received) + logged.slice(from).join('\n');
    for (const g of guesses) assert.ok(!text.includes(g), `${g} echoed`);
    assert.ok(logged.length - from <= 4, `at most a few log lines for ${guesses.length} guesses: ${logged.slice(from).join(' | ')}`);
  });

  it('a wrong token on a connection that had the right one takes its control rights away', async () => {
    throttle.succeed('127.0.0.1');
    const c = await TestClient.open(server.port);
    assert.equal((await c.request({ type: 'auth', token: TOKEN })).type, 'control/ack');
    assert.notEqual(((await c.request({ type: 'pause' })).payload as { code?: string }).code, 'UNAUTHORIZED', 'a controller');
    assert.equal(((await c.request({ type: 'auth', token: 'replaced-by-a-wrong-one' })).payload as { code: string }).code, 'UNAUTHORIZED');
    assert.equal(((await c.request({ type: 'pause' })).payload as { code: string }).code, 'UNAUTHORIZED', 'an observer again');
    await c.close();
    throttle.succeed('127.0.0.1');
  });

  it('throttles per address across connections: after 3 free failures even the right token waits; HTTP answers 429', async () => {
    throttle.succeed('127.0.0.1');
    for (let i = 0; i < 3; i += 1) {
      const c = await TestClient.open(server.port);
      assert.equal((await c.request({ type: 'auth', token: `wrong-${i}` })).type, 'error');
      await c.close();
    }
    const c = await TestClient.open(server.port);
    assert.equal((await c.request({ type: 'auth', token: 'wrong-3' })).type, 'error');
    const locked = await c.request({ type: 'auth', token: TOKEN });
    assert.equal(locked.type, 'error', 'locked out: the right token is not even compared');
    assert.match((locked.payload as { message: string }).message, /retry in 1 s/);
    const res = await fetch(`${server.url}api/control`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: '{"type":"pause"}' });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '1');
    now += 1000;
    assert.equal((await c.request({ type: 'auth', token: 'wrong-4' })).type, 'error');
    now += 1999;
    assert.match(((await c.request({ type: 'auth', token: TOKEN })).payload as { message: string }).message, /retry in 1 s/, 'the lockout doubled to 2 s');
    await c.close();
    now += 1;
    const d = await TestClient.open(server.port);
    assert.equal((await d.request({ type: 'auth', token: TOKEN })).type, 'control/ack', 'after the lockout the right token is accepted');
    await d.close();
    const ok = await fetch(`${server.url}api/control`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: '{"type":"pause"}' });
    assert.equal(ok.status, 409, 'authorised (no campaign)');
  });

  it('observers see no filesystem paths; a controller sees them', async () => {
    const observer = await TestClient.open(server.port, 'topics=run,agent');
    const controller = await TestClient.open(server.port, `topics=run,agent&token=${TOKEN}`);
    hub.publish('run', 'start', { uid: 's', config: { instrument: { kind: 'poling-serial', path: '/dev/pts/7' }, plugin: 'C:\\lab\\x.mjs' }, note: 'opened /home/me/configs/rig.json: ok', url: 'http://a.example/b', units: 'V/µs' });
    hub.publish('agent', 'agent/state', { state: 'finished', step: 0, reason: 'failed: /dev/ttyUSB0: cannot open' });
    const [o1, o2] = [await observer.next((e) => e.type === 'start'), await observer.next((e) => e.type === 'agent/state')];
    const shown = JSON.stringify([o1.payload, o2.payload]);
    for (const p of ['/dev/pts/7', 'C:\\\\lab', '/home/me', '/dev/ttyUSB0']) assert.ok(!shown.includes(p), `${p} in ${shown}`);
    assert.match(shown, /"path":"<path>"/);
    assert.match(shown, /opened <path>: ok/);
    assert.match(shown, /http:\/\/a\.example\/b/);
    assert.match(shown, /V\/µs/);
    const c1 = await controller.next((e) => e.type === 'start');
    assert.match(JSON.stringify(c1.payload), /\/dev\/pts\/7/);
    assert.equal(c1.seq, o1.seq);
    await observer.close();
    await controller.close();
  });
});

describe('token strength', () => {
  it(`refuses a supplied token shorter than ${MIN_TOKEN_LENGTH} characters unless insecure, without echoing it`, () => {
    assert.throws(() => resolveToken('4821', {}), (err: Error) => err instanceof InputError && !err.message.includes('4821') && /--insecure-token/.test(err.message));
    assert.throws(() => resolveToken(undefined, { FERROLOOP_TOKEN: 'short' }), (err: Error) => /FERROLOOP_TOKEN/.test(err.message) && !err.message.includes('short'));
    assert.equal(resolveToken('4821', {}, true).token, '4821');
    const generated = resolveToken(undefined, {});
    assert.equal(generated.token.length, 48);
    assert.equal(shownToken(generated), generated.token);
    assert.equal(shownToken(resolveToken('a-long-enough-token-1', {})), '(--token)');
  });

  it('ferroloop serve --token 4821 exits 2 with one line that does not contain the token', () => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'ferroloop.mjs'), 'serve', '--port', '0', '--token', '4821'], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 2, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.ok(!r.stderr.includes('4821'));
    assert.match(lines[0], /at least 16/);
  });
});
