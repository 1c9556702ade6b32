import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
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

/** Starts a ferroloop child (serve or replay); resolves with the dashboard URL from its one stdout line. */
function startServer(args: string[], stderr: string[], cacheDir: string): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, ['bin/ferroloop.mjs', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FERROLOOP_CACHE_DIR: cacheDir } });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => stderr.push(d));
  const url = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^ferroloop (?:serve|replay): dashboard (http:\/\/\S+) token=/.exec(line);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`ferroloop ${args[0]} exited (${code}) before listening:\n${stderr.join('')}`)));
  });
  return { child, url };
}

/** POST /api/control with the token; returns the status and the JSON body. */
async function control(url: string, body: Record<string, unknown>): Promise<{ status: number; json: unknown }> {
  const r = await fetch(new URL('/api/control', url), { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } });
  return { status: r.status, json: await r.json() };
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

/** Waits until the status card shows more than `n` measurements (a safety-net timeout: preparation on a loaded 2-core machine can take a minute). */
async function waitForMoreThan(page: Page, n: number, timeout = 60_000): Promise<void> {
  await page.waitForFunction((k) => Number.parseInt(document.getElementById('step')?.textContent ?? '', 10) > k, n, { timeout });
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

/** Screenshots land here (the repo's ignored out/ folder), so a person can look at what the test saw. */
const SHOTS = join(repoRoot, 'out', 'dashboard-browser');

/** The quick W3 on the simulator: a 20 × 20 AMPL scan, 6 px patches, an exact GP, every loop drawn. */
const QUICK_W3 = [
  'instrument.twin.n=20', 'workflow.scan.pixels=[20,20]', 'workflow.patch=6', 'workflow.spectroscopy.points=16',
  'agent.budget=14', 'agent.initialPoints=5', 'agent.posteriorEvery=1', 'surrogate={"kind":"gp"}',
];

describe('dashboard in Debian chromium during running campaigns', { skip }, () => {
  const work = mkdtempSync(join(tmpdir(), 'ferroloop-dashboard-'));
  const stderr: string[] = [];
  let context: BrowserContext | undefined;
  const children: ChildProcess[] = [];
  let url = '';
  let page: Page;
  const pageErrors: string[] = [];
  after(async () => {
    await context?.close();
    for (const c of children) await stopServer(c);
    rmSync(work, { recursive: true, force: true });
  });

  it('(a, b, d) preparation shown while it runs, live quality, pause/resume, swap truth, token loss, stop, start control', { timeout: 300_000 }, async (t) => {
    mkdirSync(SHOTS, { recursive: true });
    const server = startServer(['serve', '--port', '0', '--token', TOKEN, '--runs-dir', join(work, 'runs')], stderr, join(work, 'cache')); // its own cache: the VAE is trained here
    children.push(server.child);
    url = await server.url;
    context = await chromium.launchPersistentContext(join(work, 'chromium-profile'), {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1500, height: 1750 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(url);
    await page.waitForSelector('#connection[data-state="open"]', { timeout: 30_000 });
    await waitForText(page, 'agent-state', /^no campaign$/);
    // The start control lists the shipped configs, but only a token holder may use it.
    await page.waitForFunction(() => Array.from((document.getElementById('start-config') as HTMLSelectElement).options).some((o) => o.value === 'param-bo.json'), null, { timeout: 30_000 });
    assert.equal(await page.isDisabled('#btn-start'), true);
    // Record every phase line and badge the page shows, however briefly.
    // (a string, not a function: the test's TypeScript transform would wrap a function in helpers the page lacks)
    await page.evaluate(`(() => {
      window.seen = [];
      for (const id of ['phase', 'agent-state']) {
        const el = document.getElementById(id);
        new MutationObserver(() => window.seen.push(id + ': ' + el.textContent)).observe(el, { childList: true, characterData: true, subtree: true });
      }
    })()`);

    // (a) a campaign whose preparation trains a VAE (empty cache) and sweeps its ground truth
    const started = await control(url, { type: 'start', config: 'latent-bo.json', set: [...QUICK_W2, 'workflow.vae.epochs=20'] });
    assert.equal(started.status, 200, JSON.stringify(started.json));
    await waitForMoreThan(page, 0, 180_000).catch(async (err: Error) => {
      await page.screenshot({ path: join(SHOTS, 'failed-start.png') });
      throw new Error(`${err.message}\nserver stderr:\n${stderr.join('').slice(-3000)}\npage: ${await page.textContent('#agent-state')} ${await page.textContent('#log')}`);
    });
    const seen = await page.evaluate('window.seen') as string[];
    assert.ok(seen.some((l) => /^phase: vae: epoch \d+ \/ 20 · loss [\d.e+-]+ · reconstruction/.test(l)), seen.join('\n'));
    assert.ok(seen.some((l) => /^phase: ground truth: run \d+ \/ 625/.test(l)), seen.join('\n'));
    assert.ok(seen.some((l) => l === 'agent-state: preparing: vae'), seen.join('\n'));
    assert.ok(/preparing vae: 1\/20/.test(stderr.join('')), 'and in the terminal');

    // live values change; the maps, polarization map and field trajectory fill in
    const first = await measured(page);
    await waitForMoreThan(page, first);
    await waitForText(page, 'map-caption', /25 × 25 candidates, \d+ measured/);
    await waitForText(page, 'pol-caption', /20 × 20 sites/);
    await waitForText(page, 'field-caption', /950 time steps/);
    assert.equal(await page.locator('.uplot').count(), 2, 'objective and field plots');
    // (b) how good is it, live
    await waitForText(page, 'q-best', /^\d+\.\d{3} \(true best [\d.]+\)$/);
    await waitForText(page, 'q-random', /^expects [\d.]+ to reach 99 %$/);
    await waitForText(page, 'q-r2', /^-?\d+\.\d{3}$/);

    // observers cannot control: buttons stay disabled until the token is entered
    assert.equal(await page.isDisabled('#btn-pause'), true);
    await page.fill('#token', TOKEN);
    await page.click('#btn-pause');
    await waitForAgentState(page, 'paused');
    await waitForReply(page, /pause acknowledged/);
    const api = (await (await fetch(new URL('/api/state', url))).json()) as { campaign: { state: string } | null; mode: string };
    assert.equal(api.campaign?.state, 'paused', '/api/state agrees with the page');
    assert.equal(api.mode, 'live');
    const paused = await measured(page);
    await page.screenshot({ path: join(SHOTS, 'w2-live.png') }); // the viewport holds the whole page
    t.diagnostic(`screenshot: ${join(SHOTS, 'w2-live.png')}`);
    await page.click('#btn-resume');
    await waitForAgentState(page, 'running');
    await waitForMoreThan(page, paused);

    // (d) swap: bad JSON refused in the page; a config the schema refuses is an error where the ack would be
    const config = await page.inputValue('#swap-config');
    await page.fill('#swap-config', '{oops');
    await page.click('#btn-swap');
    await waitForReply(page, /not JSON/);
    await page.fill('#swap-config', '{"kind": "ferrosim", "name": "x", "lattice": "big"}');
    await page.click('#btn-swap');
    await waitForReply(page, /^BAD_CONFIG: swap: instrument/);
    assert.equal(await page.getAttribute('#control-reply', 'data-ok'), 'false');
    assert.equal(await page.textContent('#swaps'), '0');
    const httpSwap = await control(url, { type: 'swap', instrument: { kind: 'laser' } });
    assert.equal(httpSwap.status, 400, 'POST /api/control answers an error status too');
    await page.fill('#swap-config', config);
    await page.click('#btn-swap');
    await page.waitForFunction(() => document.getElementById('swaps')?.textContent === '1', null, { timeout: 60_000 });
    await waitForReply(page, /instrument swapped at step \d+: ferrosim → ferrosim-2/);
    assert.equal(await page.textContent('#instrument'), 'ferrosim-2');

    // (d) a page whose token was replaced by a wrong one loses control rights
    await page.fill('#token', 'replaced-by-a-wrong-token');
    await page.click('#btn-pause');
    await waitForReply(page, /UNAUTHORIZED/);
    const still = await measured(page);
    await waitForMoreThan(page, still); // not paused
    await page.fill('#token', TOKEN);

    // (d) stop: badge and header agree, campaign buttons disabled, the start control enabled
    await page.click('#btn-stop');
    await page.waitForFunction(() => /^run ended: /.test(document.getElementById('agent-state')?.textContent ?? ''), null, { timeout: 60_000 });
    const badge = (await page.textContent('#agent-state'))!.replace('run ended: ', '');
    assert.match((await page.textContent('#workflow'))!, new RegExp(`· ${badge}$`), 'header names the same exit status');
    for (const id of ['#btn-pause', '#btn-resume', '#btn-stop', '#btn-swap']) assert.equal(await page.isDisabled(id), true, `${id} after the end`);
    assert.equal(await page.isDisabled('#btn-start'), false);
    const w2Run = (await page.textContent('#run-id'))!;

    // the start control runs a shipped campaign (param-bo.json: W1, ~2 s)
    await page.selectOption('#start-config', 'param-bo.json');
    await page.click('#btn-start');
    await waitForReply(page, /start acknowledged/);
    await page.waitForFunction((old) => {
      const id = document.getElementById('run-id')?.textContent ?? '';
      return id !== old && /^run ended: success$/.test(document.getElementById('agent-state')?.textContent ?? '');
    }, w2Run, { timeout: 120_000 });
    await waitForText(page, 'q-best', /true best/);
    await page.screenshot({ path: join(SHOTS, 'w1-finished.png') });
    assert.deepEqual(pageErrors, [], 'no script errors in the page');
  });

  it('(c, f) W3: the switching loop against bias, the structural scan in µm with the measured pixels', { timeout: 240_000 }, async () => {
    assert.ok(url, 'runs on the server and page of the first test');
    const started = await control(url, { type: 'start', config: 'dkl-microscope.json', set: QUICK_W3 });
    assert.equal(started.status, 200, JSON.stringify(started.json));
    await waitForText(page, 'trace-name', /^Switching loop \(response vs bias\)$/);
    await waitForText(page, 'pol-name', /^Structure scan$/);
    await waitForText(page, 'pol-caption', /AMPL, 20 × 20 px over 5 µm/);
    assert.equal(await page.isHidden('#plot-loop'), false);
    assert.equal(await page.isHidden('#plot-field'), true);
    await waitForText(page, 'map-caption', /15 × 15 candidates/);
    await page.waitForFunction(() => /^run ended: success$/.test(document.getElementById('agent-state')?.textContent ?? ''), null, { timeout: 120_000 });
    await page.screenshot({ path: join(SHOTS, 'w3-finished.png') });
    assert.deepEqual(pageErrors, []);
  });

  it('(e) replay --wait-for-client: the badge says replay, log times are the recorded ones, the maps come back', { timeout: 240_000 }, async () => {
    assert.ok(url, 'replays the run of the first test');
    const runs = join(work, 'runs');
    const w2 = readdirSync(runs).filter((f) => f.startsWith('latent-bo') && f.endsWith('.jsonl'));
    assert.equal(w2.length, 1, readdirSync(runs).join(', '));
    const log = join(runs, w2[0]);
    const start = JSON.parse(readFileSync(log, 'utf8').split('\n')[0])[1] as { time: number };
    const replay = startServer(['replay', log, '--port', '0', '--token', TOKEN, '--speed', '50', '--wait-for-client'], stderr, join(work, 'cache'));
    children.push(replay.child);
    const replayUrl = await replay.url;
    assert.equal((await (await fetch(new URL('/api/state', replayUrl))).json() as { mode: string }).mode, 'replay');
    const viewer = await context!.newPage();
    viewer.on('pageerror', (e) => pageErrors.push(e.message));
    await viewer.goto(replayUrl);
    await viewer.waitForFunction(() => /^replay/.test(document.getElementById('agent-state')?.textContent ?? ''), null, { timeout: 60_000 });
    await waitForText(viewer, 'map-caption', /25 × 25 candidates, \d+ measured/).catch(async (err: Error) => {
      throw new Error(`${err.message}\nstderr: ${stderr.join('').slice(-2000)}\npage: ${await viewer.textContent('#map-caption')} | ${await viewer.textContent('#log')}`);
    });
    await waitForMoreThan(viewer, 5);
    const firstLine = (await viewer.textContent('#log li'))!;
    const recorded = new Date(start.time * 1000).toISOString().slice(11, 19);
    assert.ok(firstLine.includes(recorded), `first log line "${firstLine}" shows the recorded ${recorded}`);
    assert.equal(await viewer.isDisabled('#btn-start'), true, 'a replay cannot start campaigns');
    await viewer.screenshot({ path: join(SHOTS, 'replay.png') });
    assert.deepEqual(pageErrors, []);
  });
});
