import { checkScan, checkSpectroscopy, requireCapability } from '../command-checks.ts';
import { SampleActionError, TransportError } from '../errors.ts';
import { CHANNEL_UNITS, type Command, type Instrument, type InstrumentInfo, type Measurement, type ScanCommand, type SpectroscopyCommand } from '../instrument.ts';
import type { MicroscopeLinkConfig } from '../instrument-config.ts';
import { commandWithBlock, float32Bytes, float32Values } from './binary-block.ts';
import { InstrumentLink } from './instrument-link.ts';
import { spectroscopyAction } from './sample-actions.ts';
import type { Transport } from './transport.ts';

/**
 * The PFM microscope controller (ferroloop's protocol, docs/pfm-protocol.md): scans and switching spectroscopy. Once
 * `SPEC:RUN` went to the wire, any failure is a SampleActionError (never retried: the loop switched the sample locally).
 */
export class MicroscopeInstrument implements Instrument {
  private readonly link: InstrumentLink;
  private readonly base: Omit<InstrumentInfo, 'identity'>;

  constructor(transport: Transport, private readonly cfg: MicroscopeLinkConfig) {
    this.link = new InstrumentLink(transport, cfg, async (client, signal) => {
      await client.set(`FORM:BORD ${cfg.byteOrder}`, { signal });
    });
    const { scan, spectroscopy } = cfg;
    this.base = {
      name: cfg.name,
      kind: 'microscope-serial',
      capabilities: ['scan', 'spectroscopy'],
      outputs: { scan: ['TOPO', 'AMPL', 'PHAS', 'PX', 'PY'], spectroscopy: ['loop'] },
      limits: {
        scan: { maxSizeUm: scan.maxSizeUm, maxPixels: scan.maxPixels, defaultSizeUm: scan.defaultSizeUm, defaultPixels: scan.defaultPixels },
        spectroscopy: { maxVolts: spectroscopy.maxVolts, maxPoints: spectroscopy.maxPoints, rangeUm: spectroscopy.rangeUm, minDtMs: spectroscopy.minDtMs, maxDtMs: spectroscopy.maxDtMs },
      },
    };
  }

  get info(): InstrumentInfo {
    return { ...this.base, identity: this.link.identity };
  }

  get client(): InstrumentLink['client'] {
    return this.link.client;
  }

  async connect(signal?: AbortSignal): Promise<void> {
    await this.link.connect(signal);
  }

  /** `SYST:INTL?`: true when the HV interlock is closed (safe to pole). */
  async interlockClosed(signal?: AbortSignal): Promise<boolean> {
    await this.link.ensureReady(signal);
    return (await this.link.client.query('SYST:INTL?', { signal })).trim() === '1';
  }

  /** Routes the poling output to the global electrode or the tip. */
  async route(to: 'GLOB' | 'TIP', signal?: AbortSignal): Promise<void> {
    await this.link.ensureReady(signal);
    await this.link.client.set(`POL:ROUT ${to}`, { signal });
  }

  async measure(command: Command, signal?: AbortSignal): Promise<Measurement> {
    requireCapability(this.info, command);
    const arrays = command.kind === 'scan' ? await this.scan(command, signal) : await this.spectroscopy(command as SpectroscopyCommand, signal);
    return { command, instrument: this.cfg.name, at: Date.now(), arrays };
  }

  async close(): Promise<void> {
    await this.link.close();
  }

  private async scan(cmd: ScanCommand, signal?: AbortSignal): Promise<Measurement['arrays']> {
    const s = checkScan(this.base.limits.scan!, cmd);
    await this.link.ensureReady(signal);
    const client = this.link.client;
    await client.set(`SCAN:SIZE ${s.sizeUm}`, { signal });
    await client.set(`SCAN:PIX ${s.nx},${s.ny}`, { signal });
    await client.write('SCAN:RUN', { signal });
    await client.query('*OPC?', { signal, timeoutMs: this.cfg.scan.timeoutMs });
    await client.checkErrors('SCAN:RUN', signal);
    const arrays: Record<string, Measurement['arrays'][string]> = {};
    for (const ch of s.channels) {
      const payload = await client.queryBlock(`SCAN:DATA? ${ch}`, { signal });
      arrays[ch] = { shape: [s.ny, s.nx], data: this.values(payload, s.nx * s.ny, `SCAN:DATA? ${ch}`), unit: CHANNEL_UNITS[ch] };
    }
    return arrays;
  }

  private async spectroscopy(cmd: SpectroscopyCommand, signal?: AbortSignal): Promise<Measurement['arrays']> {
    checkSpectroscopy(this.base.limits.spectroscopy!, cmd);
    await this.link.ensureReady(signal);
    const client = this.link.client;
    await client.set(`TIP:MOVE ${cmd.x},${cmd.y}`, { signal });
    await client.set('TIP:ENG', { signal });
    await client.set(commandWithBlock('SPEC:WAVE ', float32Bytes(cmd.waveform, this.cfg.byteOrder)), { signal });
    let sent = false;
    let completed = false;
    try {
      await client.write('SPEC:RUN', { signal, onSent: () => { sent = true; } });
      await client.query('*OPC?', { signal, timeoutMs: this.cfg.spectroscopy.timeoutMs });
      completed = true;
      await client.checkErrors('SPEC:RUN', signal);
      const payload = await client.queryBlock('SPEC:DATA?', { signal });
      const m = cmd.waveform.length;
      return { loop: { shape: [3, m], data: this.values(payload, 3 * m, 'SPEC:DATA?'), unit: 'V | a.u. | a.u.' } };
    } catch (err) {
      if (sent) throw new SampleActionError(spectroscopyAction(this.cfg.name, cmd), completed, err);
      throw err;
    }
  }

  private values(payload: Uint8Array, expected: number, context: string): Float64Array {
    const v = float32Values(payload, this.cfg.byteOrder, `${this.cfg.name}: ${context}`);
    if (v.length !== expected) throw new TransportError('TRANSPORT_PROTOCOL', `${this.cfg.name}: ${context} returned ${v.length} values, expected ${expected}`);
    return v;
  }
}
