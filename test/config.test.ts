import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { applyOverride, loadCampaignConfig } from '../src/config-loader.ts';
import { repoRoot } from './helpers/repo-paths.ts';

const configsDir = join(repoRoot, 'configs');
const base = readFileSync(join(configsDir, 'latent-bo.json'), 'utf8');

describe('campaign configs', () => {
  for (const file of readdirSync(configsDir).filter((f) => f.endsWith('.json'))) {
    it(`configs/${file} parses`, () => {
      const cfg = loadCampaignConfig(readFileSync(join(configsDir, file), 'utf8'), file);
      assert.ok(cfg.agent.budget >= cfg.agent.initialPoints);
    });
  }

  it('--set overrides nested keys, parsing JSON values', () => {
    const cfg = loadCampaignConfig(base, 'latent-bo.json', ['agent.budget=42', 'acquisition={"kind":"ei"}', 'name=quick']);
    assert.equal(cfg.agent.budget, 42);
    assert.deepEqual(cfg.acquisition, { kind: 'ei', xi: 0 });
    assert.equal(cfg.name, 'quick');
    assert.deepEqual(applyOverride({ a: 1 }, 'b.c=true'), { a: 1, b: { c: true } });
  });

  const bad: [string, string[], RegExp][] = [
    ['an unknown key', ['agent.budgte=3'], /agent: Unrecognized key.*budgte/],
    ['a bad value', ['agent.budget=-1'], /agent\.budget/],
    ['an unknown instrument kind', ['instrument={"kind":"laser"}'], /instrument\.kind/],
    ['a serial instrument without a port', ['instrument={"kind":"poling-serial"}'], /instrument\.transport|instrument\.path|instrument\.line/],
    ['an unknown acquisition', ['acquisition.kind=magic'], /acquisition\.kind/],
  ];
  for (const [what, overrides, message] of bad) {
    it(`refuses ${what}, naming the path`, () => {
      assert.throws(() => loadCampaignConfig(base, 'latent-bo.json', overrides), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'CONFIG_INVALID');
        assert.match(err.message, /^latent-bo\.json: /);
        assert.match(err.message, message);
        return true;
      });
    });
  }

  it("refuses '__proto__', 'constructor' and 'prototype' in --set paths, --set values and config files; Object.prototype stays clean", async () => {
    const refused = ['__proto__.x=1', 'agent.__proto__.x=1', 'constructor.prototype.x=1', 'agent={"__proto__":{"x":1}}', 'workflow={"a":{"constructor":{"prototype":{"x":1}}}}'];
    for (const set of refused) {
      assert.throws(() => loadCampaignConfig(base, 'latent-bo.json', [set]), (err: Error & { code?: string }) => {
        assert.match(err.code ?? '', /^(INPUT|CONFIG)_INVALID$/, set);
        assert.match(err.message, /'(__proto__|constructor|prototype)' is not allowed/, `${set}: ${err.message}`);
        return true;
      });
    }
    assert.throws(() => loadCampaignConfig('{"name":"x","__proto__":{"x":1}}', 'p.json'), /p\.json: .*'__proto__' is not allowed/);
    assert.equal(({} as Record<string, unknown>).x, undefined);
    // The bug this guards: after a poisoning --set every later parse failed with 'Unrecognized key: "x"'.
    assert.equal(loadCampaignConfig(base, 'latent-bo.json', ['agent.budget=7']).agent.budget, 7);
    // A start request's `set` goes through the campaign manager's resolveConfig: BAD_CONFIG (HTTP 400), nothing starts.
    const { CampaignManager } = await import('../src/server/campaign-manager.ts');
    const { EventHub } = await import('../src/server/event-hub.ts');
    const manager = new CampaignManager({ hub: new EventHub(), log: () => {}, runsDir: 'unused', configsDir });
    await assert.rejects(manager.start('latent-bo.json', ['__proto__.x=1']), (err: Error & { wireCode?: string }) => err.wireCode === 'BAD_CONFIG' && /__proto__/.test(err.message));
    assert.equal(manager.running, false);
  });

  it('refuses malformed --set and JSON', () => {
    assert.throws(() => loadCampaignConfig(base, 'x', ['novalue']), /expected path=value/);
    assert.throws(() => loadCampaignConfig('{', 'x.json'), /x\.json: not valid JSON/);
  });
});
