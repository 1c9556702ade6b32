import { checkPole, checkScan, checkSimulate, checkSpectroscopy, requireCapability } from '../command-checks.ts';
import { InstrumentError } from '../errors.ts';
import { CHANNEL_UNITS, type Command, type Instrument, type InstrumentInfo, type Measurement, type PoleCommand, type ScanCommand, type SimulateCommand, type SpectroscopyCommand } from '../instrument.ts';
import type { FerrosimConfig } from '../instrument-config.ts';
import { latticeToImages } from '../polarization-maps.ts';
import { DigitalTwin } from '../twin/digital-twin.ts';

/**
 * The in-process instrument over src/sim: `pole` runs FerroSIM (on a worker thread by default) and returns the
 * final PX/PY maps; `scan` and `spectroscopy` act on the same digital-twin sample.
 */
export class FerrosimInstrument implements Instrument {
  readonly info: InstrumentInfo;
  private twin: DigitalTwin | undefined;
  private connected = false;

  constructor(private readonly cfg: FerrosimConfig) {
    const n = cfg.twin.n;
    this.info = {
      name: cfg.name,
      kind: 'ferrosim',
      identity: `ferroloop,FerroSIM digital twin,n=${n} seed=${cfg.twin.seed},${cfg.twin.physics}`,
      capabilities: ['pole', 'scan', 'spectroscopy', 'simulate'],
      outputs: { pole: ['PX', 'PY'], scan: ['TOPO', 'AMPL', 'PHAS', 'PX', 'PY'], spectroscopy: ['loop'], simulate: ['PX', 'PY', 'meanP'] },
      limits: {
        pole: { ...cfg.pole, voltsPerEc: cfg.voltsPerEc },
        scan: { maxSizeUm: cfg.twin.sizeUm, maxPixels: cfg.scan.maxPixels, defaultSizeUm: cfg.twin.sizeUm, defaultPixels: cfg.scan.defaultPixels ?? [n, n] },
        spectroscopy: { ...cfg.spectroscopy, rangeUm: cfg.twin.sizeUm },
        simulate: { maxPoints: cfg.pole.maxPoints, k: [0, 1000], depAlpha: [0, 100] },
      },
    };
  }

  /** Builds the sample (pristine state); a second connect keeps the current state. */
  async connect(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const remote = this.cfg.queue === undefined ? undefined : (await import('../../distributed/remote-twin.ts')).remoteTwinExecutor(this.cfg.queue, this.cfg.twin);
    this.twin ??= new DigitalTwin(this.cfg.twin, this.cfg.execution, this.cfg.polePolicy, this.cfg.spectroscopyPolicy, this.cfg.workers ?? 1, remote);
    this.connected = true;
  }

  async measure(command: Command, signal?: AbortSignal): Promise<Measurement> {
    requireCapability(this.info, command);
    const twin = this.twin;
    if (!twin || !this.connected) throw new InstrumentError('INSTRUMENT_DISCONNECTED', `${this.info.name} is not connected`);
    signal?.throwIfAborted();
    const arrays = command.kind === 'pole' ? await this.pole(twin, command, signal)
      : command.kind === 'scan' ? this.scan(twin, command)
        : command.kind === 'simulate' ? await this.simulate(twin, command, signal)
          : await this.spectroscopy(twin, command, signal);
    signal?.throwIfAborted();
    return { command, instrument: this.info.name, at: Date.now(), arrays };
  }

  /** Stops the worker; the sample state survives a close/connect cycle. */
  async close(): Promise<void> {
    this.connected = false;
    await this.twin?.close();
  }

  private async pole(twin: DigitalTwin, cmd: PoleCommand, signal?: AbortSignal): Promise<Measurement['arrays']> {
    const volts = checkPole(this.info.limits.pole!, cmd);
    const fieldEc = volts.map((v) => v / this.cfg.voltsPerEc);
    const state = await twin.pole(fieldEc, signal);
    return latticeToImages(state, twin.cfg.n);
  }

  private scan(twin: DigitalTwin, cmd: ScanCommand): Measurement['arrays'] {
    const s = checkScan(this.info.limits.scan!, cmd);
    const images = twin.scan(s.channels, s.nx, s.ny, s.sizeUm);
    return Object.fromEntries(s.channels.map((c) => [c, { shape: [s.ny, s.nx], data: images[c], unit: CHANNEL_UNITS[c] }]));
  }

  private async simulate(twin: DigitalTwin, cmd: SimulateCommand, signal?: AbortSignal): Promise<Measurement['arrays']> {
    checkSimulate(this.info.limits.simulate!, cmd);
    const { state, meanP } = await twin.simulate(cmd.params, Float64Array.from(cmd.field), signal);
    return { ...latticeToImages(state, twin.cfg.n), meanP: { shape: [2, cmd.field.length], data: meanP, unit: 'a.u.' } };
  }

  private async spectroscopy(twin: DigitalTwin, cmd: SpectroscopyCommand, signal?: AbortSignal): Promise<Measurement['arrays']> {
    checkSpectroscopy(this.info.limits.spectroscopy!, cmd);
    const data = await twin.spectroscopy(cmd.x, cmd.y, Float64Array.from(cmd.waveform), signal);
    return { loop: { shape: [3, cmd.waveform.length], data, unit: 'V | a.u. | a.u.' } };
  }
}
