import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { repoRoot } from '../helpers/repo-paths.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const TOKEN = 'dashboard-test-token';

/**
 * The quick W2 of the wire-protocol brief on a 25 x 25 latent grid. The hyperparameters are refitted at every
 * step (refit.every = 1, growth = 0) so that steps take tens to hundreds of ms, like a slow instrument: the
 * campaign is still running while the browser looks, pauses and resumes it (it is stopped at the end).
 */
const QUICK_W2 = [
  'workflow.trajectories.count=300', 'workflow.vae.epochs=3', 'workflow.vae.hidden=[32]', 'workflow.grid.nx=25', 'workflow.grid.ny=25',
  'agent.budget=600', 'agent.initialPoints=5', 'agent.retry.backoffMs=0', 'agent.posteriorEvery=1', 'surrogate.refit.every=1', 'surrogate.refit.growth=0',
];

const skip = !existsSync(CHROMIUM)
  ? `chromium not installed at ${CHROMIUM} (.ci/run installs it)`
  : !existsSync(join(repoRoot, 'src', 'cli', 'serve-command.ts')) ? 'serve command not available (src/cli/serve-command.ts missing)' : false;

/** Starts `ferroloop serve` with the quick campaign; resolves with the dashboard URL from its one stdout line. */
function startServer(runsDir: string, stderr: string[]): { child: ChildProcess; url: Promise<string> } {
  const args = ['bin/ferroloop.mjs', 'serve', '--port', '0', '--token', TOKEN, '--runs-dir', runsDir, '--campaign', 'latent-bo.json', ...QUICK_W2.flatMap((s) => ['--set', s])];
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => stderr.push(d));
  const url = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^ferroloop serve: dashboard (http:\/\/\S+) token=/.exec(line);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`ferroloop serve exited (${code}) before listening:\n${stderr.join('')}`)));
  });
  return { child, url };
}

/** Stops the server process this test started (SIGTERM, then SIGKILL if it lingers) and waits for it to exit. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Measurements shown in the status card ("N / budget" → N). */
async function measured(page: Page): Promise<number> {
  return Number.parseInt((await page.textContent('#step')) ?? '', 10);
}

/** Waits until the status card shows more than `n` measurements. */
async function waitForMoreThan(page: Page, n: number): Promise<void> {
  await page.waitForFunction((k) => Number.parseInt(document.getElementById('step')?.textContent ?? '', 10) > k, n, { timeout: 60_000 });
}

async function waitForAgentState(page: Page, state: string): Promise<void> {
  await page.waitForFunction((s) => document.getElementById('agent-state')?.dataset.state === s, state, { timeout: 60_000 });
}

async function waitForText(page: Page, id: string, pattern: RegExp): Promise<void> {
  await page.waitForFunction(([i, src]) => new RegExp(src).test(document.getElementById(i)?.textContent ?? ''), [id, pattern.source] as const, { timeout: 60_000 });
}

async function waitForReply(page: Page, pattern: RegExp): Promise<void> {
  await waitForText(page, 'control-reply', pattern);
}

describe('dashboard in Debian chromium during a running campaign', { skip }, () => {
  const work = mkdtempSync(join(tmpdir(), 'ferroloop-dashboard-'));
  const stderr: string[] = [];
  let context: BrowserContext | undefined;
  let child: ChildProcess | undefined;
  after(async () => {
    await context?.close();
    if (child) await stopServer(child);
  });

  it('shows live values; with the token pauses, resumes, swaps the instrument and stops the agent', { timeout: 240_000 }, async (t) => {
    const server = startServer(join(work, 'runs'), stderr);
    child = server.child;
    const url = await server.url;
    context = await chromium.launchPersistentContext(join(work, 'chromium-profile'), {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1500, height: 1600 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(url);
    await page.waitForSelector('#connection[data-state="open"]', { timeout: 30_000 });

    // live values change: two observations of the measurement count, the second awaited to exceed the first
    await waitForMoreThan(page, 0);
    const first = await measured(page);
    await waitForMoreThan(page, first);
    // the maps, the polarization map and the field trajectory fill in (frames are coalesced, so they may trail the run documents)
    await waitForText(page, 'map-caption', /25 × 25 candidates, \d+ measured/);
    await waitForText(page, 'pol-caption', /20 × 20 sites/);
    await waitForText(page, 'field-caption', /950 time steps/);
    assert.equal(await page.locator('.uplot').count(), 2, 'objective and field plots');

    // observers cannot control: buttons stay disabled until the token is entered
    assert.equal(await page.isDisabled('#btn-pause'), true);
    await page.fill('#token', TOKEN);
    await page.click('#btn-pause');
    await waitForAgentState(page, 'paused');
    await waitForReply(page, /pause acknowledged/);
    const api = (await (await fetch(new URL('/api/state', url))).json()) as { campaign: { state: string } | null };
    assert.equal(api.campaign?.state, 'paused', '/api/state agrees with the page');
    const paused = await measured(page);

    const shot = join(work, 'dashboard.png');
    await page.screenshot({ path: shot }); // the viewport holds the whole page (fullPage would reset the log's scroll)
    t.diagnostic(`screenshot: ${shot}`);

    await page.click('#btn-resume');
    await waitForAgentState(page, 'running');
    await waitForMoreThan(page, paused);

    // swap: a bad config is refused in the page; the default one (a second FerroSIM) is swapped in by the agent
    const config = await page.inputValue('#swap-config');
    await page.fill('#swap-config', '{oops');
    await page.click('#btn-swap');
    await waitForReply(page, /not JSON/);
    await page.fill('#swap-config', config);
    await page.click('#btn-swap');
    await page.waitForFunction(() => document.getElementById('swaps')?.textContent === '1', null, { timeout: 60_000 });
    assert.equal(await page.textContent('#instrument'), 'ferrosim-2');

    await page.click('#btn-stop');
    await waitForAgentState(page, 'finished');
    assert.deepEqual(pageErrors, [], 'no script errors in the page');
  });
});
