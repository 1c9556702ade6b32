import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { type AddressInfo, type Socket, createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { watchUrl } from '../../src/cli/watch-command.ts';
import { EventHub } from '../../src/server/event-hub.ts';
import { startLiveServer } from '../../src/server/live-server.ts';
import { ServerError } from '../../src/server/server-error.ts';
import { repoRoot } from '../helpers/repo-paths.ts';

const progress = (hub: EventHub, step: number): void => {
  hub.publish('agent', 'agent/progress', { step, budget: 10, candidate: step, y: step / 2, instrument: 'sim', best: step / 2, bestCandidate: step });
};

/** `ferroloop watch ...args` to its exit: code, stderr and the seconds it took. */
function watchExit(args: string[]): Promise<{ code: number | null; stderr: string; seconds: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'ferroloop.mjs'), 'watch', ...args], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr, seconds: (performance.now() - t0) / 1000 })));
}

describe('ferroloop watch', () => {
  it('gives up after --retry-for on a server that accepts TCP but never answers the handshake (exit 1)', { timeout: 60_000 }, async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((sock) => { sockets.add(sock); });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const r = await watchExit([`http://127.0.0.1:${port}/`, '--retry-for', '1']);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /no connection to ws:\/\/127\.0\.0\.1:\d+\/ws for \d+\.\d s \(--retry-for 1\); giving up/);
      assert.ok(sockets.size >= 1, 'it did connect at the TCP level');
    } finally {
      for (const sock of sockets) sock.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('gives up after --retry-for on a refused port (exit 1)', { timeout: 60_000 }, async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const r = await watchExit([`ws://127.0.0.1:${port}/ws`, '--retry-for', '1']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /ECONNREFUSED/);
    assert.match(r.stderr, /giving up/);
  });

  it('documents --retry-for and its default in --help', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'ferroloop.mjs'), 'watch', '--help'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
    await new Promise((resolve) => child.once('close', resolve));
    assert.match(out, /--retry-for S +give up \(exit 1\) after S seconds without a connection, at start or after a loss \(default 30\)/);
  });

  it('turns dashboard URLs into the WebSocket URL', () => {
    assert.equal(watchUrl('http://127.0.0.1:8765/').href, 'ws://127.0.0.1:8765/ws');
    assert.equal(watchUrl('https://lab.example/').href, 'wss://lab.example/ws');
    assert.equal(watchUrl('ws://h:1/ws').href, 'ws://h:1/ws');
  });

  it('reconnects after a dropped connection and resumes with since=: every step printed once, in order', async () => {
    const hub = new EventHub();
    const server = await startLiveServer({
      hub, token: 't', port: 0, log: () => undefined,
      control: { status: () => null, handle: async () => { throw new ServerError('NO_CAMPAIGN', 'none'); } },
    });
    try {
      hub.publish('run', 'start', { uid: 's', time: 0, run_id: 'r-1' });
      for (let step = 1; step <= 5; step += 1) progress(hub, step);
      const child = spawn(process.execPath, [join(repoRoot, 'bin', 'ferroloop.mjs'), 'watch', server.url, '--until-stop'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
      const lines: string[] = [];
      const sawStep5 = new Promise<void>((resolve) => createInterface({ input: child.stdout }).on('line', (l) => {
        lines.push(l);
        if (l.startsWith('step 4 (5/10 done)')) resolve();
      }));
      const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
      await sawStep5;
      for (const ws of server.wss.clients) ws.terminate();
      for (let step = 6; step <= 10; step += 1) progress(hub, step);
      hub.publish('run', 'stop', { uid: 'z', time: 1, run_start: 's', exit_status: 'success' });
      assert.equal(await exited, 0, stderr);
      assert.match(stderr, /connection lost; reconnecting in \d+ ms \(since=\d+\)/);
      const steps = lines.filter((l) => l.startsWith('step ')).map((l) => Number(/^step (\d+) /.exec(l)![1]));
      assert.deepEqual(steps, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      assert.deepEqual(lines.filter((l) => l.startsWith('run ')), ['run start r-1', 'run stop: success']);
    } finally {
      await server.close();
    }
  });
});
