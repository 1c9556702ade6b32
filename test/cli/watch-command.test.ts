import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
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

describe('ferroloop watch', () => {
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
        if (l.startsWith('step 5/10')) resolve();
      }));
      const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
      await sawStep5;
      for (const ws of server.wss.clients) ws.terminate();
      for (let step = 6; step <= 10; step += 1) progress(hub, step);
      hub.publish('run', 'stop', { uid: 'z', time: 1, run_start: 's', exit_status: 'success' });
      assert.equal(await exited, 0, stderr);
      assert.match(stderr, /connection lost; reconnecting in \d+ ms \(since=\d+\)/);
      const steps = lines.filter((l) => l.startsWith('step ')).map((l) => Number(/^step (\d+)\//.exec(l)![1]));
      assert.deepEqual(steps, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      assert.deepEqual(lines.filter((l) => l.startsWith('run ')), ['run start r-1', 'run stop: success']);
    } finally {
      await server.close();
    }
  });
});
