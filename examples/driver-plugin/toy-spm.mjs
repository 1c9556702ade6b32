// ferroloop driver plugin: a scripted scanning-probe controller with scan (TOPO, AMPL, PHAS) and switching
// spectroscopy over a synthetic sample. Use it in a campaign config as
//   "instrument": { "kind": "plugin", "module": "ferroloop-driver-toy-spm", "options": { "seed": 3 } }
import { CHANNEL_UNITS, InstrumentError, defineDriver } from 'ferroloop';
import { toySpmOptions } from './options-schema.mjs';
import { coerciveAt, heightAt, makeSample, seededRandom, switchingLoop } from './toy-sample.mjs';

const CHANNELS = ['TOPO', 'AMPL', 'PHAS'];

/** The instrument: one sample, connect/close repeatable, every command checked before it "moves the tip". */
class ToySpm {
  constructor(options) {
    this.options = options;
    this.connected = false;
    this.info = {
      name: 'toy-spm', kind: 'plugin:toy-spm', identity: '',
      capabilities: ['scan', 'spectroscopy'],
      outputs: { scan: CHANNELS, spectroscopy: ['loop'] },
      limits: {
        scan: { maxSizeUm: options.sizeUm, maxPixels: 512, defaultSizeUm: options.sizeUm, defaultPixels: options.pixels },
        spectroscopy: { maxVolts: options.maxVolts, maxPoints: 4096, rangeUm: options.sizeUm, minDtMs: 0.01, maxDtMs: 1000 },
      },
    };
  }

  async connect(signal) {
    signal?.throwIfAborted();
    this.sample ??= makeSample(this.options);
    this.rand ??= seededRandom(this.options.seed + 1);
    this.info = { ...this.info, identity: `toy,SPM,seed=${this.options.seed},1.0.0` };
    this.connected = true;
  }

  async measure(command, signal) {
    signal?.throwIfAborted();
    if (!this.info.capabilities.includes(command.kind)) {
      throw new InstrumentError('INSTRUMENT_UNSUPPORTED', `toy-spm cannot do '${command.kind}' (it can: scan, spectroscopy)`);
    }
    this.check(command);
    if (!this.connected) throw new InstrumentError('INSTRUMENT_DISCONNECTED', 'toy-spm is not connected');
    const arrays = command.kind === 'scan' ? this.scan(command) : this.spectroscopy(command);
    return { command, instrument: this.info.name, at: Date.now(), arrays };
  }

  async close() {
    this.connected = false;
  }

  /** Limits, checked before anything acts (a real driver: before a byte is written). */
  check(command) {
    const { scan, spectroscopy } = this.info.limits;
    if (command.kind === 'scan') {
      const [nx, ny] = command.pixels ?? scan.defaultPixels;
      if (nx > scan.maxPixels || ny > scan.maxPixels) throw new InstrumentError('INSTRUMENT_LIMIT', `scan: ${nx}×${ny} pixels exceeds ${scan.maxPixels}`);
      if ((command.sizeUm ?? scan.defaultSizeUm) > scan.maxSizeUm) throw new InstrumentError('INSTRUMENT_LIMIT', `scan: edge exceeds ${scan.maxSizeUm} µm`);
      const bad = command.channels.find((c) => !CHANNELS.includes(c));
      if (bad) throw new InstrumentError('INSTRUMENT_UNSUPPORTED', `scan: no channel ${bad}`);
      return;
    }
    const inRange = (v) => v >= 0 && v <= spectroscopy.rangeUm;
    if (!inRange(command.x) || !inRange(command.y)) throw new InstrumentError('INSTRUMENT_LIMIT', `spectroscopy: tip position outside [0, ${spectroscopy.rangeUm}] µm`);
    if (command.waveform.length > spectroscopy.maxPoints) throw new InstrumentError('INSTRUMENT_LIMIT', 'spectroscopy: too many points');
    if (command.waveform.some((v) => Math.abs(v) > spectroscopy.maxVolts)) throw new InstrumentError('INSTRUMENT_LIMIT', `spectroscopy: bias beyond ±${spectroscopy.maxVolts} V`);
  }

  scan(command) {
    const [nx, ny] = command.pixels ?? this.info.limits.scan.defaultPixels;
    const size = command.sizeUm ?? this.info.limits.scan.defaultSizeUm;
    const arrays = {};
    for (const ch of command.channels) {
      const data = new Float64Array(nx * ny);
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          const x = ((i + 0.5) / nx) * size;
          const y = ((j + 0.5) / ny) * size;
          const noise = this.options.noise * (this.rand() - 0.5);
          data[j * nx + i] = ch === 'TOPO' ? heightAt(this.sample, x, y) + noise
            : ch === 'AMPL' ? 1 / coerciveAt(this.sample, x, y) + noise : (heightAt(this.sample, x, y) > 3 ? 180 : 0);
        }
      }
      arrays[ch] = { shape: [ny, nx], data, unit: CHANNEL_UNITS[ch] };
    }
    return arrays;
  }

  spectroscopy(command) {
    const data = switchingLoop(this.sample, command.x, command.y, command.waveform, this.options.noise, this.rand);
    return { loop: { shape: [3, command.waveform.length], data, unit: 'V | a.u. | a.u.' } };
  }
}

export default defineDriver({
  apiVersion: 1,
  name: 'toy-spm',
  version: '1.0.0',
  capabilities: ['scan', 'spectroscopy'],
  optionsSchema: toySpmOptions,
  create: (options) => new ToySpm(options),
});
