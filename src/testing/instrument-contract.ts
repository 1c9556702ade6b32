import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FerroloopError } from '../errors.ts';
import { harmlessCommand } from '../drivers/harmless-command.ts';
import type { Command, CommandKind, Instrument, Measurement } from '../drivers/instrument.ts';

/** What a suite run needs: a fresh, unconnected instrument and a clean-up for whatever backs it. */
export interface InstrumentFixture {
  readonly instrument: Instrument;
  readonly cleanup?: () => Promise<void>;
}

const KINDS: readonly CommandKind[] = ['pole', 'scan', 'spectroscopy', 'simulate'];

/**
 * The one contract every Instrument meets (FerroSIM, serial drivers on memory / pty / hardware, plugins), as a
 * node:test suite: call it at the top level of a test file with a factory of fresh, unconnected instruments.
 *
 * @example describeInstrument('my-afm over a memory transport', async () => ({ instrument: driver.create(opts, ctx) }));
 */
export function describeInstrument(name: string, make: () => Promise<InstrumentFixture>, opts: { skip?: string } = {}): void {
  describe(`Instrument contract: ${name}`, { skip: opts.skip }, () => {
    let fx: InstrumentFixture;
    before(async () => { fx = await make(); });
    after(async () => {
      await fx?.instrument.close();
      await fx?.cleanup?.();
    });

    it('declares a name, capabilities, their outputs and their limits', () => {
      const { info } = fx.instrument;
      assert.ok(info.name.length > 0);
      assert.ok(info.capabilities.length > 0);
      for (const kind of info.capabilities) {
        assert.ok(KINDS.includes(kind), `unknown capability ${kind}`);
        assert.ok((info.outputs[kind] ?? []).length > 0, `outputs of ${kind}`);
        assert.ok(info.limits[kind], `limits of ${kind}`);
      }
    });

    it('refuses to measure before connect with a typed error', async () => {
      const kind = fx.instrument.info.capabilities[0];
      await assert.rejects(fx.instrument.measure(harmlessCommand(fx.instrument.info, kind)), isTyped);
    });

    it('connects, and a second connect is harmless', async () => {
      await fx.instrument.connect();
      await fx.instrument.connect();
      assert.ok(fx.instrument.info.identity.length > 0);
    });

    it('answers every capability with typed arrays of the declared outputs, stamped and echoing the command', async () => {
      for (const kind of fx.instrument.info.capabilities) {
        const cmd = harmlessCommand(fx.instrument.info, kind);
        const before = Date.now();
        const m = await fx.instrument.measure(cmd);
        checkMeasurement(fx.instrument, cmd, m, before);
      }
    });

    it('refuses commands it cannot do with INSTRUMENT_UNSUPPORTED', async () => {
      const missing = KINDS.filter((k) => !fx.instrument.info.capabilities.includes(k));
      for (const kind of missing) {
        const cmd: Command = kind === 'pole' ? { kind, field: new Float64Array(64), units: 'V', dtMs: 1 }
          : kind === 'scan' ? { kind, channels: ['TOPO'] }
            : kind === 'simulate' ? { kind, params: { k: 2 }, field: new Float64Array(64) }
              : { kind, x: 0, y: 0, waveform: new Float64Array(8), dtMs: 1 };
        await assert.rejects(fx.instrument.measure(cmd), hasCode('INSTRUMENT_UNSUPPORTED'));
      }
    });

    it('refuses commands beyond its limits with INSTRUMENT_LIMIT', async () => {
      const { info } = fx.instrument;
      for (const kind of info.capabilities) {
        const cmd = harmlessCommand(info, kind);
        const bad: Command = cmd.kind === 'pole' ? { ...cmd, field: cmd.field.map((_, t) => (t === 10 ? 1.01 * info.limits.pole!.maxVolts : 0)) }
          : cmd.kind === 'scan' ? { ...cmd, pixels: [info.limits.scan!.maxPixels + 1, 8] }
            : cmd.kind === 'simulate' ? { ...cmd, params: { k: info.limits.simulate!.k[1] * 2 } }
              : { ...cmd, x: info.limits.spectroscopy!.rangeUm * 1.5 };
        await assert.rejects(fx.instrument.measure(bad), hasCode('INSTRUMENT_LIMIT'));
      }
    });

    it('survives close → connect (hot swap) and measures again; refuses to measure while closed', async () => {
      const kind = fx.instrument.info.capabilities[0];
      const cmd = harmlessCommand(fx.instrument.info, kind);
      await fx.instrument.close();
      await fx.instrument.close();
      await assert.rejects(fx.instrument.measure(cmd), isTyped);
      await fx.instrument.connect();
      checkMeasurement(fx.instrument, cmd, await fx.instrument.measure(cmd), 0);
    });
  });
}

function checkMeasurement(instrument: Instrument, cmd: Command, m: Measurement, notBefore: number): void {
  assert.equal(m.command, cmd);
  assert.equal(m.instrument, instrument.info.name);
  assert.ok(m.at >= notBefore && m.at <= Date.now());
  const expected = cmd.kind === 'scan' ? cmd.channels : instrument.info.outputs[cmd.kind]!;
  assert.deepEqual(Object.keys(m.arrays).sort(), [...expected].sort());
  for (const [key, arr] of Object.entries(m.arrays)) {
    assert.ok(arr.data instanceof Float64Array, `${key} is a Float64Array`);
    assert.equal(arr.data.length, arr.shape.reduce((a, b) => a * b, 1), `${key} matches its shape`);
    assert.ok(arr.data.every(Number.isFinite), `${key} is finite`);
    if (cmd.kind === 'scan') assert.deepEqual(arr.shape, [cmd.pixels![1], cmd.pixels![0]]);
    if (cmd.kind === 'spectroscopy') assert.deepEqual(arr.shape, [3, cmd.waveform.length]);
    if (cmd.kind === 'simulate' && key === 'meanP') assert.deepEqual(arr.shape, [2, cmd.field.length]);
  }
}

/**
 * A typed error: a FerroloopError, or (for plugins built against another copy of ferroloop) any Error with a
 * string `code` — the stable codes are what callers branch on.
 */
function isTyped(err: unknown): boolean {
  assert.ok(err instanceof FerroloopError || (err instanceof Error && typeof (err as { code?: unknown }).code === 'string'),
    `expected a typed error (FerroloopError or an Error with a string code), got ${String(err)}`);
  return true;
}

/** An assert.rejects predicate: a typed error (see isTyped) with this code. */
export function hasCode(code: string): (err: unknown) => boolean {
  return (err) => {
    isTyped(err);
    assert.equal((err as { code: string }).code, code, (err as Error).message);
    return true;
  };
}
