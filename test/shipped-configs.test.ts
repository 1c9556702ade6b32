import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { listShippedConfigs, resolveConfigArg, SHIPPED_CONFIGS_DIR } from '../src/shipped-configs.ts';
import { repoRoot } from './helpers/repo-paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-configs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('shipped configs', () => {
  it('live in the package\'s configs/ folder and list campaigns before instrument blocks', () => {
    assert.equal(SHIPPED_CONFIGS_DIR, join(repoRoot, 'configs'));
    const list = listShippedConfigs();
    const names = list.map((c) => c.name);
    assert.ok(names.includes('param-bo.json') && names.includes('instruments/poling-rig.json'));
    const firstInstrument = list.findIndex((c) => c.role === 'instrument');
    assert.ok(list.slice(firstInstrument).every((c) => c.role === 'instrument'));
    assert.match(list.find((c) => c.name === 'param-bo.json')!.summary, /^param-bo on ferrosim, budget 40/);
  });

  it('one rule: an existing path first, else a shipped name with or without .json', () => {
    const local = join(dir, 'param-bo.json');
    writeFileSync(local, '{}');
    assert.equal(resolveConfigArg(local), local);
    assert.equal(resolveConfigArg('param-bo.json'), join(SHIPPED_CONFIGS_DIR, 'param-bo.json'));
    assert.equal(resolveConfigArg('param-bo'), join(SHIPPED_CONFIGS_DIR, 'param-bo.json'));
    assert.equal(resolveConfigArg('instruments/ferrosim'), join(SHIPPED_CONFIGS_DIR, 'instruments', 'ferrosim.json'));
    assert.throws(() => resolveConfigArg(local, SHIPPED_CONFIGS_DIR, { shippedOnly: true }), /no shipped config/, 'init copies shipped configs only');
  });

  it('refuses what is neither, and a shipped name never walks out of configs/', () => {
    for (const bad of ['nope.json', '../configs/param-bo.json', 'instruments/../../configs/param-bo.json', './param-bo.json/x']) {
      assert.throws(() => resolveConfigArg(bad), (err: Error & { code?: string }) => err.code === 'FILE_UNREADABLE' && /no shipped config of that name/.test(err.message), bad);
    }
  });
});
