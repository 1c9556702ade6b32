import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readConfigText } from './read-text-file.ts';
import { parseUserJson } from '../safe-json.ts';
import type { CliCommand } from '../cli.ts';
import { InputError } from '../errors.ts';
import { openInstrumentConfig } from '../drivers/create-instrument.ts';
import { resolveConfigArg } from '../shipped-configs.ts';
import { harmlessCommand } from '../drivers/harmless-command.ts';
import type { Command, CommandKind, Instrument, Measurement } from '../drivers/instrument.ts';
import { parseInstrumentConfig } from '../drivers/instrument-config.ts';

const USAGE = `usage: ferroloop probe --config FILE [--measure auto|scan|pole|spectroscopy|none]

Connects to the instrument a config describes (an instrument config, or a campaign config with an
"instrument" block), prints its identity, capabilities and limits on stderr, runs one harmless measurement
and prints a JSON summary on stdout. The first command to run when wiring hardware.

  --measure auto   a scan when the instrument can scan (read-only), else a pole with an all-zero field [auto]
  --measure pole   a 64-point sine at min(10 % of the peak limit, 2 Ec) — this does pole the sample

examples:
  ferroloop probe --config configs/instruments/ferrosim.json
  ferroloop probe --config configs/instruments/poling-rig.json     (see ferroloop emulate --help for ptys)`;

/** `ferroloop probe`: identity, capabilities, limits and one harmless measurement of a configured instrument. */
export const probeCommand: CliCommand = {
  summary: 'connect to a configured instrument, print identity/capabilities/limits, run one harmless measurement',
  async run(args) {
    const { values } = parseArgs({ args, options: { config: { type: 'string' }, measure: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (!values.config) throw new InputError('--config', 'is required');
    const mode = values.measure ?? 'auto';
    if (!['auto', 'scan', 'pole', 'spectroscopy', 'none'].includes(mode)) throw new InputError('--measure', `must be auto, scan, pole, spectroscopy or none, got '${mode}'`);
    const path = resolveConfigArg(values.config);
    const { instrument } = await openInstrumentConfig(await loadConfig(path), { configDir: dirname(resolve(path)) });
    const started = Date.now();
    try {
      await instrument.connect();
      const { info } = instrument;
      const note = (line: string): void => void process.stderr.write(`${line}\n`);
      note(`instrument  ${info.name} (${info.kind}), connected in ${Date.now() - started} ms`);
      note(`identity    ${info.identity}`);
      note(`can         ${info.capabilities.join(', ')}`);
      for (const [kind, lim] of Object.entries(info.limits)) note(`limits      ${kind}: ${JSON.stringify(lim)}`);
      const measurement = mode === 'none' ? undefined : await measureOnce(instrument, mode as CommandKind | 'auto');
      const summary = { instrument: info.name, kind: info.kind, identity: info.identity, capabilities: info.capabilities, outputs: info.outputs, limits: info.limits, measurement };
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return 0;
    } finally {
      await instrument.close();
    }
  },
};

async function loadConfig(path: string): Promise<ReturnType<typeof parseInstrumentConfig>> {
  const parsed = parseUserJson(await readConfigText(path, 'config'));
  if (!parsed.ok) throw new InputError(path, parsed.reason, { code: 'CONFIG_INVALID' });
  const raw = parsed.value;
  const campaign = typeof raw === 'object' && raw !== null && !('kind' in raw) && 'instrument' in raw;
  return parseInstrumentConfig(campaign ? (raw as { instrument: unknown }).instrument : raw, 'instrument');
}

async function measureOnce(instrument: Instrument, mode: CommandKind | 'auto'): Promise<Record<string, unknown>> {
  const { info } = instrument;
  const kind: CommandKind = mode !== 'auto' ? mode : info.capabilities.includes('scan') ? 'scan' : info.capabilities[0];
  const command = harmlessCommand(info, kind, { zeroField: mode === 'auto' });
  const t0 = performance.now();
  const m = await instrument.measure(command);
  return { command: describeCommand(command), ms: Math.round(performance.now() - t0), arrays: describeArrays(m) };
}

function describeCommand(c: Command): Record<string, unknown> {
  if (c.kind === 'pole') return { kind: c.kind, points: c.field.length, units: c.units, dtMs: c.dtMs, peak: Math.max(...c.field.map(Math.abs)) };
  if (c.kind === 'scan') return { kind: c.kind, channels: c.channels, pixels: c.pixels, sizeUm: c.sizeUm };
  if (c.kind === 'simulate') return { kind: c.kind, params: c.params, points: c.field.length };
  return { kind: c.kind, x: c.x, y: c.y, points: c.waveform.length, dtMs: c.dtMs };
}

function describeArrays(m: Measurement): Record<string, unknown> {
  return Object.fromEntries(Object.entries(m.arrays).map(([name, a]) => {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (const v of a.data) { min = Math.min(min, v); max = Math.max(max, v); sum += v; }
    return [name, { shape: a.shape, unit: a.unit, min, max, mean: sum / a.data.length }];
  }));
}
