import { parseArgs } from 'node:util';
import { readConfigText } from './read-text-file.ts';
import { parseUserJson } from '../safe-json.ts';
import type { CliCommand } from '../cli.ts';
import { InputError } from '../errors.ts';
import type { FaultOptions } from '../drivers/emulator/fault-injector.ts';
import { servePort } from '../drivers/emulator/serve-port.ts';
import { waitForPath } from '../drivers/emulator/wait-for-path.ts';
import { createVirtualRig } from '../drivers/emulator/virtual-rig.ts';
import { SerialLineSchema } from '../drivers/instrument-config.ts';
import { TwinConfigSchema } from '../drivers/twin/twin-config.ts';

const USAGE = `usage: ferroloop emulate --awg PATH --microscope PATH [options]

The virtual rig: a 33500-class AWG (+ HV amplifier) and a PFM microscope controller on two serial device
paths, both acting on one FerroSIM digital-twin sample. Runs until Ctrl-C (SIGINT/SIGTERM). Prints
"ready awg=PATH microscope=PATH" once both ports are open; reopens a port that goes away (socat restarted).
A path whose folder does not exist, or that does not appear within --wait-for seconds, is an error (exit 2).
The AWG speaks the Keysight 33500B subset of docs/awg-33500b.md (SCPI-1999 parsing, IEEE 488.2 status;
it starts at OUTP1:LOAD 50 like the real one), the microscope the protocol of docs/pfm-protocol.md.

Make two pty pairs with socat (one per controller), start the emulator on one end of each, and point the
instrument config at the other ends (configs/instruments/poling-rig.json uses /tmp/ferroloop-awg and
/tmp/ferroloop-pfm):

  socat -d -d pty,raw,echo=0,link=/tmp/ferroloop-awg pty,raw,echo=0,link=/tmp/ferroloop-awg-dev &
  socat -d -d pty,raw,echo=0,link=/tmp/ferroloop-pfm pty,raw,echo=0,link=/tmp/ferroloop-pfm-dev &
  ferroloop emulate --awg /tmp/ferroloop-awg-dev --microscope /tmp/ferroloop-pfm-dev --seed 1
  ferroloop probe --config configs/instruments/poling-rig.json

  A campaign config selects the rig with  "instrument": { "kind": "poling-rig", "poling": { "transport":
  { "path": "/tmp/ferroloop-awg" }, ... }, "microscope": { "transport": { "path": "/tmp/ferroloop-pfm" } } }.
  Keep --hv-gain and --volts-per-ec equal to the config's amplifier.gain and voltsPerEc.

sample:
  --seed N              twin seed (defects, initial state, topography)     [1]
  --lattice N           lattice edge n                                     [20]
  --size-um X           sample edge (µm)                                   [5]
  --noise S             Gaussian noise σ on scanned Px/Py                  [0]
  --twin FILE           JSON twin config (any TwinConfig field); flags above override it
  --hv-gain G           HV amplifier gain (V at the sample per generator V) [100]
  --volts-per-ec V      volts at the sample per Ec of field                [40]
  --pole-policy P       reset (pristine sample before each burst) | persist [reset]
  --spec-policy P       persist (spectroscopy switches the sample locally) | reset (pristine before each loop) [persist]
  --realtime            bursts take points/sample-rate seconds before *OPC? answers
  --interlock-open      start with the HV interlock open (poling refused)
  --baud N              line speed of both ports                           [115200]
  --log                 print every command received ("awg: *TRG") on stdout
  --wait-for S          how long a device path may take to appear (socat starting) before giving up, exit 2 [10]

faults (seeded; applied to --fault-target awg|microscope|both, default both):
  --fault-seed N  --latency MS  --drop-rate P  --garbage-rate P  --truncate-rate P  --error-rate P
  --disconnect-after N  (close the port once after N commands)`;

const OPTIONS = {
  awg: { type: 'string' }, microscope: { type: 'string' }, seed: { type: 'string' }, lattice: { type: 'string' },
  'size-um': { type: 'string' }, noise: { type: 'string' }, twin: { type: 'string' }, 'hv-gain': { type: 'string' },
  'volts-per-ec': { type: 'string' }, 'pole-policy': { type: 'string' }, 'spec-policy': { type: 'string' }, realtime: { type: 'boolean' },
  'interlock-open': { type: 'boolean' }, baud: { type: 'string' }, log: { type: 'boolean' }, 'fault-target': { type: 'string' },
  'fault-seed': { type: 'string' }, latency: { type: 'string' }, 'drop-rate': { type: 'string' }, 'garbage-rate': { type: 'string' },
  'truncate-rate': { type: 'string' }, 'error-rate': { type: 'string' }, 'disconnect-after': { type: 'string' }, 'wait-for': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

/** `ferroloop emulate`: serve the virtual rig on two serial paths until stopped. */
export const emulateCommand: CliCommand = {
  summary: 'virtual rig: emulated AWG + PFM controllers on serial paths (socat ptys), over a FerroSIM digital twin',
  async run(args) {
    const { values } = parseArgs({ args, options: OPTIONS, strict: true });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (!values.awg) throw new InputError('--awg', 'is required (serial device path of the AWG end)');
    if (!values.microscope) throw new InputError('--microscope', 'is required (serial device path of the microscope end)');
    const waitMs = 1000 * num(values, 'wait-for', 10, 0, 3600);
    const rig = createVirtualRig({
      twin: await twinConfig(values),
      hvGain: num(values, 'hv-gain', 100, 1e-6, 1e5),
      voltsPerEc: num(values, 'volts-per-ec', 40, 1e-9, 1e9),
      polePolicy: policy(values['pole-policy'], '--pole-policy', 'reset'),
      spectroscopyPolicy: policy(values['spec-policy'], '--spec-policy', 'persist'),
      realtime: values.realtime ?? false,
      interlockOpen: values['interlock-open'] ?? false,
      ...faultTargets(values),
    });
    const stop = new AbortController();
    const onSignal = (): void => {
      stop.abort();
      // A port wedged by a vanished pty may never confirm its close: do not let that keep the process alive.
      setTimeout(() => process.exit(0), 2000).unref();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const baud = num(values, 'baud', 115200, 1, 1e7);
    try {
      // Both waited for at once; when both fail, the --awg one is reported (argument order, not whichever timer fired first).
      const awg = waitForPath(values.awg, '--awg', waitMs, stop.signal);
      const microscope = waitForPath(values.microscope, '--microscope', waitMs, stop.signal);
      microscope.catch(() => undefined); // observed below, after --awg
      await awg;
      await microscope;
    } catch (err) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await rig.twin.close();
      throw err;
    }
    const opened = new Set<string>();
    let ready = false;
    const say = (line: string): void => void process.stdout.write(`${line}\n`);
    const serve = (role: 'awg' | 'microscope', path: string, device: typeof rig.awg): Promise<void> => {
      if (values.log) device.onCommand = (text) => say(`${role}: ${text}`);
      return servePort(device, {
        line: SerialLineSchema.parse({ path, baudRate: baud }),
        signal: stop.signal,
        onOpen: () => {
          opened.add(role);
          say(`opened ${role} ${path}`);
          if (opened.size === 2 && !ready) {
            ready = true;
            say(`ready awg=${values.awg} microscope=${values.microscope}`);
          }
        },
        onClose: (_p, reason) => say(`closed ${role} ${path} (${reason})`),
      });
    };
    await Promise.all([serve('awg', values.awg, rig.awg), serve('microscope', values.microscope, rig.pfm)]);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await rig.twin.close();
    say('stopped');
    return 0;
  },
};

async function twinConfig(values: Values): Promise<ReturnType<typeof TwinConfigSchema.parse>> {
  let base: Record<string, unknown> = {};
  if (values.twin) {
    const parsed = parseUserJson(await readConfigText(values.twin, 'twin config'));
    if (!parsed.ok) throw new InputError(`--twin ${values.twin}`, parsed.reason, { code: 'CONFIG_INVALID' });
    if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) throw new InputError(`--twin ${values.twin}`, 'expected a JSON object', { code: 'CONFIG_INVALID' });
    base = parsed.value as Record<string, unknown>;
  }
  const over: Record<string, unknown> = {};
  if (values.seed !== undefined) over.seed = num(values, 'seed', 1, -(2 ** 31), 2 ** 31);
  if (values.lattice !== undefined) over.n = num(values, 'lattice', 20, 2, 256);
  if (values['size-um'] !== undefined) over.sizeUm = num(values, 'size-um', 5, 1e-3, 1000);
  if (values.noise !== undefined) over.scanNoise = num(values, 'noise', 0, 0, 10);
  const r = TwinConfigSchema.safeParse({ ...base, ...over });
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InputError(`twin.${issue.path.join('.')}`, issue.message);
  }
  return r.data;
}

function faultTargets(values: Values): { awgFaults?: FaultOptions; pfmFaults?: FaultOptions } {
  const faults: FaultOptions = {
    seed: num(values, 'fault-seed', 0, -(2 ** 31), 2 ** 31),
    latencyMs: num(values, 'latency', 0, 0, 60_000),
    dropRate: num(values, 'drop-rate', 0, 0, 1),
    garbageRate: num(values, 'garbage-rate', 0, 0, 1),
    truncateRate: num(values, 'truncate-rate', 0, 0, 1),
    errorRate: num(values, 'error-rate', 0, 0, 1),
    disconnectAfter: values['disconnect-after'] === undefined ? undefined : num(values, 'disconnect-after', 0, 0, 1e9),
  };
  const target = values['fault-target'] ?? 'both';
  if (!['awg', 'microscope', 'both'].includes(target)) throw new InputError('--fault-target', `must be awg, microscope or both, got '${target}'`);
  return { awgFaults: target !== 'microscope' ? faults : undefined, pfmFaults: target !== 'awg' ? faults : undefined };
}

function policy(v: string | undefined, flag: string, fallback: 'reset' | 'persist'): 'reset' | 'persist' {
  if (v === undefined || v === 'reset' || v === 'persist') return v ?? fallback;
  throw new InputError(flag, `must be reset or persist, got '${v}'`);
}

function num(values: Values, key: keyof Values, fallback: number, lo: number, hi: number): number {
  const raw = values[key];
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(v) || v < lo || v > hi) {
    throw new InputError(`--${key}`, `must be a number in [${lo}, ${hi}], got '${String(raw)}'`);
  }
  return v;
}
