import { checkCommand, requireCapability } from '../command-checks.ts';
import { SampleActionError } from '../errors.ts';
import type { Command, Instrument, InstrumentInfo, Measurement } from '../instrument.ts';
import type { PolingRigConfig } from '../instrument-config.ts';
import type { MicroscopeInstrument } from './microscope-instrument.ts';
import type { PolingInstrument } from './poling-instrument.ts';

/**
 * Composite instrument: `pole` plays the trajectory through the AWG + HV amplifier (global electrode, interlock read
 * from the microscope), then scans PX/PY with the microscope, so workflow W2 gets the same PX/PY maps as on the
 * simulator; `scan` and `spectroscopy` go to the microscope. A scan that fails after the burst is a SampleActionError
 * (the burst happened; repeating the pole would hit the sample twice).
 */
export class PolingRig implements Instrument {
  constructor(private readonly cfg: PolingRigConfig, readonly poling: PolingInstrument, readonly microscope: MicroscopeInstrument) {}

  get info(): InstrumentInfo {
    const p = this.poling.info;
    const m = this.microscope.info;
    return {
      name: this.cfg.name,
      kind: 'poling-rig',
      identity: `${p.identity} + ${m.identity}`,
      capabilities: ['pole', 'scan', 'spectroscopy'],
      outputs: { pole: ['PX', 'PY'], scan: m.outputs.scan, spectroscopy: m.outputs.spectroscopy },
      limits: { pole: p.limits.pole, scan: m.limits.scan, spectroscopy: m.limits.spectroscopy },
    };
  }

  /** Refuses (INSTRUMENT_LIMIT) what `measure` would refuse by a limit: poles by every AWG/amplifier limit, the rest by the microscope's. */
  check(command: Command): void {
    requireCapability(this.info, command);
    if (command.kind === 'pole') this.poling.prepare(command);
    else checkCommand(this.microscope.info, command);
  }

  async connect(signal?: AbortSignal): Promise<void> {
    await Promise.all([this.poling.connect(signal), this.microscope.connect(signal)]);
  }

  async measure(command: Command, signal?: AbortSignal): Promise<Measurement> {
    requireCapability(this.info, command);
    if (command.kind !== 'pole') return { ...(await this.microscope.measure(command, signal)), instrument: this.cfg.name };
    const { plan } = this.poling.prepare(command); // every limit refused before either controller sees a byte
    await this.microscope.route('GLOB', signal);
    await this.poling.measure(command, signal);
    let scan: Measurement;
    try {
      scan = await this.microscope.measure({
        kind: 'scan', channels: ['PX', 'PY'], pixels: this.cfg.poleScan.pixels, sizeUm: this.cfg.poleScan.sizeUm,
      }, signal);
    } catch (err) {
      throw new SampleActionError(this.poling.action(plan), true, err);
    }
    return { command, instrument: this.cfg.name, at: Date.now(), arrays: scan.arrays };
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.poling.close(), this.microscope.close()]);
  }
}
