import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot } from '../helpers/repo-paths.ts';

// What a user meets: the packed tarball installed into an empty folder outside the checkout, its bin, its typed
// public surface, and a driver plugin that lives outside the repo. Needs npm and the registry (or npm's cache,
// which `npm ci` fills), like any install.
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'ferroloop-pack-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const bin = (name: string): string => join(repoRoot, 'node_modules', '.bin', name);
const env = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
// The installed bin must run its compiled dist/, and a nested `node --test` must report as a top-level run.
for (const key of ['FERROLOOP_SOURCE', 'NODE_TEST_CONTEXT']) delete (env as Record<string, string | undefined>)[key];
let tarball = '';

/** Runs a command in `cwd`; resolves with stdout, rejects with its stderr on a non-zero exit. */
async function sh(cmd: string, args: string[], cwd: string, timeout = 240_000): Promise<string> {
  try {
    return (await run(cmd, args, { cwd, env, timeout, maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${e.message}\n${e.stderr ?? ''}\n${e.stdout ?? ''}`);
  }
}

/** A folder with a package.json and the tarball installed. */
async function consumer(name: string): Promise<string> {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  await sh(npm, ['install', '--prefer-offline', '--no-save', tarball], folder);
  return folder;
}

after(() => rmSync(dir, { recursive: true, force: true }));

describe('the packed package', () => {
  let app = '';
  before(async () => {
    const packed = JSON.parse(await sh(npm, ['pack', '--json', '--pack-destination', dir], repoRoot)) as [{ filename: string; entryCount: number; files: { path: string }[] }];
    tarball = join(dir, packed[0].filename);
    const files = packed[0].files.map((f) => f.path);
    assert.ok(!files.some((f) => /^(test|bench|src|scripts|examples)\//.test(f)), 'no tests, benches, sources or scripts in the tarball');
    assert.ok(files.includes('dist/index.js') && files.includes('dist/index.d.ts') && files.includes('LICENSE'));
    app = await consumer('app');
  });

  it('passes publint --strict and @arethetypeswrong (ESM-only profile)', async () => {
    await sh(bin('publint'), ['run', tarball, '--strict'], repoRoot);
    await sh(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii'], repoRoot);
  });

  it('npx ferroloop --version and a shipped campaign by name run the compiled CLI', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    assert.equal(await sh(npx, ['ferroloop', '--version'], app), `ferroloop ${version}\n`);
    const summary = JSON.parse(await sh(npx, ['ferroloop', 'run', 'param-bo.json', '--quiet'], app));
    assert.equal(summary.exit_status, 'success');
    assert.equal(summary.evaluations, 40);
    assert.ok(readdirSync(join(app, 'runs')).some((f) => f.endsWith('.jsonl')));
  });

  it('a typed import of the public surface type-checks and runs', async () => {
    writeFileSync(join(app, 'use.ts'), [
      "import { simulate, runAgent, runCampaign, defineDriver, readRunLog, GpSurrogate, type Instrument, type CampaignSummary } from 'ferroloop';",
      "import { describeInstrument, createMemoryPair } from 'ferroloop/testing';",
      "const r = simulate({ n: 6, timeVec: [0, 0.01, 0.02], field: new Float64Array(6), mode: 'tetragonal' });",
      "const driver = defineDriver({ apiVersion: 1, name: 'typed', version: '1.0.0', capabilities: ['scan'],",
      "  optionsSchema: { '~standard': { version: 1, vendor: 'me', validate: (v: unknown) => ({ value: v as { port: string } }) } },",
      "  create: (o): Instrument => { throw new Error(o.port); } });",
      "const summary: CampaignSummary | undefined = undefined;",
      "console.log(JSON.stringify({ sites: r.pFinal.length, driver: driver.name, fns: [runAgent, runCampaign, readRunLog, GpSurrogate, describeInstrument, createMemoryPair].map((f) => typeof f), summary }));",
    ].join('\n'));
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, outDir: 'out', skipLibCheck: false,
        typeRoots: [join(repoRoot, 'node_modules', '@types')], types: ['node'], lib: ['es2022', 'dom'] },
      files: ['use.ts'],
    }));
    await sh(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], app);
    const out = JSON.parse(await sh(process.execPath, [join('out', 'use.js')], app));
    assert.deepEqual(out, { sites: 72, driver: 'typed', fns: Array(6).fill('function') });
  });

  it('the example driver plugin, outside the repo, passes the exported contract suite and runs a full campaign', async () => {
    const plugin = join(dir, 'plugin');
    cpSync(join(repoRoot, 'examples', 'driver-plugin'), plugin, { recursive: true });
    await sh(npm, ['install', '--prefer-offline', '--no-save', tarball], plugin);
    const tap = await sh(process.execPath, ['--test', '--test-reporter=tap', 'test/'], plugin);
    assert.match(tap, /^# fail 0$/m);
    assert.match(tap, /^# pass [1-9]\d*$/m);
    const summary = JSON.parse(await sh(npx, ['ferroloop', 'run', 'campaign.json', '--quiet'], plugin));
    assert.equal(summary.exit_status, 'success');
    assert.equal(summary.evaluations, 25);
  });
});
