import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../../src/errors.ts';
import { createInstrument } from '../../src/drivers/create-instrument.ts';
import { parseInstrumentConfig } from '../../src/drivers/instrument-config.ts';
import { repoRoot } from '../helpers/repo-paths.ts';

function refused(raw: unknown, path: string, message: RegExp): void {
  assert.throws(() => parseInstrumentConfig(raw), (err: unknown) => {
    assert.ok(err instanceof InputError, String(err));
    assert.equal(err.code, 'CONFIG_INVALID');
    assert.equal(err.path, path);
    assert.match(err.message, message);
    return true;
  });
}

describe('parseInstrumentConfig', () => {
  it('fills defaults: a bare ferrosim config is the W2 simulator', () => {
    const c = parseInstrumentConfig({ kind: 'ferrosim' });
    assert.equal(c.kind, 'ferrosim');
    assert.equal(c.kind === 'ferrosim' && c.twin.n, 20);
    assert.equal(c.kind === 'ferrosim' && c.twin.depAlpha, 0.2);
  });

  it('names the path of an unknown kind', () => refused({ kind: 'laser' }, 'instrument.kind', /unknown kind \(expected one of ferrosim, poling-serial, microscope-serial, poling-rig, plugin\)/));
  it('names a missing port path', () => refused({ kind: 'poling-serial', transport: {}, amplifier: { gain: 100, maxVolts: 200 } }, 'instrument.transport.path', /^instrument\.transport\.path: Required/));
  it('names a missing HV limit', () => refused({ kind: 'poling-serial', transport: { path: '/dev/ttyUSB0' }, amplifier: { gain: 100 } }, 'instrument.amplifier.maxVolts', /Required/));
  it('names an out-of-range limit', () => refused({ kind: 'poling-rig', poling: { transport: { path: 'a' }, amplifier: { gain: 100, maxVolts: -5 } }, microscope: { transport: { path: 'b' } } }, 'instrument.poling.amplifier.maxVolts', /Too small/));
  it('names an unknown key', () => refused({ kind: 'ferrosim', twin: { n: 20, nn: 3 } }, 'instrument.twin.nn', /unknown key/));
  it('names a bad lattice size', () => refused({ kind: 'ferrosim', twin: { n: 1 } }, 'instrument.twin.n', /Too small/));
});

describe('configs/instruments', () => {
  const dir = join(repoRoot, 'configs', 'instruments');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    it(`${file} parses and builds an instrument`, () => {
      const config = parseInstrumentConfig(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      assert.ok(createInstrument(config).info.name);
    });
  }
});
