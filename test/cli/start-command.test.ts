import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { repoRoot } from '../helpers/repo-paths.ts';

/** Shrinks the default campaign (the defaults still apply first: log-EI, 10 initial points). */
const SMALL = ['workflow.trajectories.count=300', 'workflow.vae.epochs=3', 'workflow.vae.hidden=[32]', 'workflow.grid.nx=15', 'workflow.grid.ny=15', 'agent.budget=14'];

describe('ferroloop start', () => {
  it('serves, prints the dashboard URL, runs the default W2 campaign (log-EI, 10 initial points) and, with --once, exits 0 at its end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferroloop-start-'));
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'ferroloop.mjs'), 'start', '--port', '0', '--token', 'tk-0123456789abcdef', '--runs-dir', join(dir, 'runs'), '--once',
      ...SMALL.flatMap((s) => ['--set', s])], { cwd: repoRoot, env: { ...process.env, FERROLOOP_CACHE_DIR: join(dir, 'cache') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const lines: string[] = [];
    createInterface({ input: child.stdout }).on('line', (l) => lines.push(l));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    assert.equal(code, 0, stderr);
    assert.match(lines[0], /^ferroloop serve: dashboard http:\/\/127\.0\.0\.1:\d+\/ token=\(--token\)$/);
    // Then the JSON summary, as ferroloop run prints it.
    const summary = JSON.parse(lines.slice(1).join('\n'));
    assert.equal(summary.exit_status, 'success');
    assert.equal(summary.evaluations, 14);
    assert.deepEqual(Object.keys(summary.best_x), ['z1', 'z2']);
    for (const key of ['run_id', 'best', 'best_over_true', 'evaluations_to_99', 'evaluations_to_99_after_random', 'r2', 'random_search']) assert.ok(key in summary, key);
    const log = readdirSync(join(dir, 'runs')).find((f) => f.endsWith('.jsonl'))!;
    const docs = readFileSync(join(dir, 'runs', log), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const config = docs[0][1].config;
    assert.equal(config.acquisition.kind, 'log-ei');
    assert.equal(config.agent.initialPoints, 10);
    assert.equal(docs.at(-1)[1].exit_status, 'success');
    assert.equal(docs.filter(([n, d]: [string, { data?: { phase?: string } }]) => n === 'event' && d.data?.phase !== undefined).length, 14);
  });
});
