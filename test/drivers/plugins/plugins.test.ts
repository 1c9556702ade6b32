import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { z } from 'zod';
import { createInstrument, openInstrumentConfig } from '../../../src/drivers/create-instrument.ts';
import { FerrosimInstrument } from '../../../src/drivers/ferrosim/ferrosim-instrument.ts';
import { parseInstrumentConfig } from '../../../src/drivers/instrument-config.ts';
import { defaultRegistry } from '../../../src/drivers/plugins/default-registry.ts';
import { defineDriver } from '../../../src/drivers/plugins/driver-definition.ts';
import { DriverRegistry } from '../../../src/drivers/plugins/driver-registry.ts';
import { validateOptions } from '../../../src/drivers/plugins/validate-options.ts';
import type { Instrument } from '../../../src/drivers/instrument.ts';
import { describeInstrument } from '../../../src/testing/instrument-contract.ts';
import { fixturesDir } from '../../helpers/repo-paths.ts';

const pluginsDir = join(fixturesDir, 'plugins');
const scratch = mkdtempSync(join(tmpdir(), 'ferroloop-plugins-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A valid definition to vary field by field. */
const base = {
  apiVersion: 1, name: 'x', version: '1.0.0', capabilities: ['scan'] as const,
  optionsSchema: z.object({ port: z.string() }), create: (): Instrument => { throw new Error('unused'); },
};

/** Resolves with the message of the PLUGIN_INVALID/CONFIG_INVALID error `p` rejects with. */
async function refusal(p: Promise<unknown> | (() => unknown), code = 'PLUGIN_INVALID'): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    assert.equal((err as { code?: string }).code, code, (err as Error).message);
    return (err as Error).message;
  }
  assert.fail('expected a refusal');
}

describe('defineDriver', () => {
  it('accepts a well-formed definition and freezes it', () => {
    const d = defineDriver(base);
    assert.ok(Object.isFrozen(d) && Object.isFrozen(d.capabilities));
  });
  it('refuses an unknown apiVersion in one line naming the supported one', async () => {
    assert.match(await refusal(() => defineDriver({ ...base, apiVersion: 2 })), /^driver: apiVersion 2 is not supported \(this ferroloop speaks driver API 1\)$/);
  });
  it('refuses unknown capabilities, a non-Standard-Schema options schema, a missing create', async () => {
    assert.match(await refusal(() => defineDriver({ ...base, capabilities: ['teleport' as never] })), /capabilities must list command kinds/);
    assert.match(await refusal(() => defineDriver({ ...base, optionsSchema: { parse: () => 1 } as never })), /optionsSchema must be a Standard Schema/);
    assert.match(await refusal(() => defineDriver({ ...base, create: undefined as never })), /create must be a function/);
  });
});

describe('DriverRegistry', () => {
  it('holds the built-in drivers under their config kinds, registered like plugins', () => {
    assert.deepEqual(defaultRegistry.names(), ['ferrosim', 'poling-serial', 'microscope-serial', 'poling-rig']);
    assert.ok(createInstrument(parseInstrumentConfig({ kind: 'ferrosim' })) instanceof FerrosimInstrument);
  });
  it('refuses a second driver of the same name, and an unknown kind names the registered ones', async () => {
    const r = new DriverRegistry([defineDriver(base) as never]);
    assert.match(await refusal(() => r.register(defineDriver(base) as never)), /already registered/);
    assert.match(await refusal(() => createInstrument({ kind: 'x' } as never, { registry: new DriverRegistry() })), /no driver named 'x' \(registered: \)/);
  });
});

describe('validateOptions (Standard Schema)', () => {
  it('returns a zod schema\'s output and names the path of the first issue below the root', async () => {
    const schema = z.object({ port: z.string(), axes: z.array(z.number()).default([1]) });
    assert.deepEqual(await validateOptions(schema, { port: 'a' }, 'instrument.options'), { port: 'a', axes: [1] });
    const msg = await refusal(validateOptions(schema, { port: 'a', axes: [1, 'b'] }, 'instrument.options'), 'CONFIG_INVALID');
    assert.match(msg, /^instrument\.options\.axes\.1: /);
    assert.match(await refusal(validateOptions(schema, {}, 'instrument.options'), 'CONFIG_INVALID'), /^instrument\.options\.port: Required$/);
  });
  it('takes a hand-written schema whose path segments are {key} objects', async () => {
    const { default: def } = await import(join(pluginsDir, 'synthetic-spm.mjs'));
    assert.match(await refusal(validateOptions(def.optionsSchema, { rangeUm: -1 }, 'instrument.options'), 'CONFIG_INVALID'), /^instrument\.options\.rangeUm: must be a positive number$/);
  });
});

describe('openInstrumentConfig with kind: plugin', () => {
  const open = (module: string, options: unknown, extra: { requires?: readonly ('scan' | 'spectroscopy' | 'pole' | 'simulate')[] } = {}) =>
    openInstrumentConfig(parseInstrumentConfig({ kind: 'plugin', module, options }), { configDir: pluginsDir, ...extra });

  it('loads a relative module against the config folder, validates its options and builds the instrument', async () => {
    const { instrument, driver } = await open('./synthetic-spm.mjs', { gain: 2 }, { requires: ['scan', 'spectroscopy'] });
    assert.deepEqual(driver, { name: 'synthetic-spm', version: '0.3.0', module: './synthetic-spm.mjs' });
    await instrument.connect();
    const m = await instrument.measure({ kind: 'spectroscopy', x: 0, y: 0, waveform: Float64Array.of(0, 3, 0, -3, 0), dtMs: 1 });
    assert.deepEqual(Array.from(m.arrays.loop.data.slice(5, 10)), [-2, 2, 2, -2, -2]);
  });
  it('names option errors instrument.options.<path>', async () => {
    assert.match(await refusal(open('./synthetic-spm.mjs', { gain: 0 }), 'CONFIG_INVALID'), /^instrument\.options\.gain: must be a positive number$/);
  });
  it('refuses a missing module, a wrong apiVersion and missing capabilities, each in one line', async () => {
    assert.match(await refusal(open('./nope.mjs', {})), /^instrument\.module: no file .*nope\.mjs \(resolved against /);
    assert.match(await refusal(open('./wrong-api.mjs', {})), /^instrument\.module '\.\/wrong-api\.mjs': apiVersion 2 is not supported/);
    assert.match(await refusal(open('./synthetic-spm.mjs', {}, { requires: ['pole'] })), /^instrument: driver 'synthetic-spm' cannot do 'pole', which this workflow needs \(it can: scan, spectroscopy\)$/);
    assert.match(await refusal(open('ferroloop-driver-not-installed', {})), /^instrument\.module: driver 'ferroloop-driver-not-installed' not found$/);
  });
  it('resolves a package name from node_modules beside the config', async () => {
    const pkg = join(scratch, 'node_modules', 'ferroloop-driver-synth');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'ferroloop-driver-synth', type: 'module', exports: './index.mjs' }));
    writeFileSync(join(pkg, 'index.mjs'), `export { default } from ${JSON.stringify(join(pluginsDir, 'synthetic-spm.mjs'))};\n`);
    const { driver } = await openInstrumentConfig(parseInstrumentConfig({ kind: 'plugin', module: 'ferroloop-driver-synth' }), { configDir: scratch });
    assert.equal(driver.name, 'synthetic-spm');
  });
  it('the synchronous createInstrument refuses plugins (they load asynchronously)', async () => {
    assert.match(await refusal(() => createInstrument(parseInstrumentConfig({ kind: 'plugin', module: './x.mjs' }))), /openInstrumentConfig/);
  });
});

// A plugin without ferroloop's error classes (string codes only) passes the exported contract suite.
describeInstrument('synthetic-spm plugin (plain JS, loaded through the registry)', async () => ({
  instrument: (await openInstrumentConfig(parseInstrumentConfig({ kind: 'plugin', module: './synthetic-spm.mjs' }), { configDir: pluginsDir })).instrument,
}));
