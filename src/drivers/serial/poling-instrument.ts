import { checkPole, requireCapability } from '../command-checks.ts';
import { InterlockError, isInterlockRefusal, type SampleAction, SampleActionError } from '../errors.ts';
import type { Command, Instrument, InstrumentInfo, Measurement, PoleCommand } from '../instrument.ts';
import type { PolingLinkConfig } from '../instrument-config.ts';
import { InstrumentLink } from './instrument-link.ts';
import { appliedVolts, BURST_SETUP, loadCommands, planWaveform, polingLimits, type WaveformPlan } from './poling-protocol.ts';
import { bytesOf, type Transport } from './transport.ts';
import { settleWithin } from '../../util/abort.ts';
import { burstAction } from './sample-actions.ts';

/** Reads the HV interlock: true when closed (safe to pole). */
export type InterlockProbe = (signal?: AbortSignal) => Promise<boolean>;

/**
 * The poling controller: a 33500-class AWG (SCPI) driving an HV amplifier. Every limit (amplifier peak and slew,
 * generator range, points, sample rate) and the interlock are checked before a byte is written, and the interlock
 * again immediately before `OUTP1 ON`; the output is switched off after every burst, on any error, and as soon as a
 * lost link comes back. Once `*TRG` went to the wire, any failure is a SampleActionError (never retried: DESIGN §9);
 * an SCPI -200 interlock refusal is an InterlockError.
 */
export class PolingInstrument implements Instrument {
  private readonly link: InstrumentLink;
  private readonly base: Omit<InstrumentInfo, 'identity'>;

  constructor(transport: Transport, private readonly cfg: PolingLinkConfig, private readonly interlock?: InterlockProbe) {
    this.link = new InstrumentLink(transport, cfg, async (client, signal) => {
      await client.set(`FORM:BORD ${cfg.byteOrder}`, { signal });
      for (const c of BURST_SETUP) await client.set(c, { signal });
    });
    this.link.client.reconnected$.subscribe(() => {
      this.link.client.set('OUTP1 OFF').catch(() => undefined);
    });
    this.base = {
      name: cfg.name,
      kind: 'poling-serial',
      capabilities: ['pole'],
      outputs: { pole: ['V'] },
      limits: { pole: polingLimits(cfg) },
    };
  }

  get info(): InstrumentInfo {
    return { ...this.base, identity: this.link.identity };
  }

  /** The SCPI link (for tests and the probe). */
  get client(): InstrumentLink['client'] {
    return this.link.client;
  }

  async connect(signal?: AbortSignal): Promise<void> {
    await this.link.connect(signal);
  }

  async measure(command: Command, signal?: AbortSignal): Promise<Measurement> {
    requireCapability(this.info, command);
    const { volts, plan } = this.prepare(command as PoleCommand);
    await this.requireInterlockClosed('before the upload', signal);
    await this.link.ensureReady(signal);
    await this.burst(plan, signal);
    return { command, instrument: this.cfg.name, at: Date.now(), arrays: { V: { shape: [volts.length], data: appliedVolts(plan, this.cfg.amplifier.gain), unit: 'V' } } };
  }

  /** Refuses (INSTRUMENT_LIMIT) what `measure` would refuse by a limit (amplifier, generator, points, rate); writes nothing. */
  check(command: Command): void {
    requireCapability(this.info, command);
    this.prepare(command as PoleCommand);
  }

  /** Checks a pole command against every limit and plans the waveform; writes nothing (INSTRUMENT_LIMIT on refusal). */
  prepare(cmd: PoleCommand): { volts: Float64Array; plan: WaveformPlan } {
    const volts = checkPole(this.base.limits.pole!, cmd);
    return { volts, plan: planWaveform(volts, cmd.dtMs, this.cfg) };
  }

  /** The sample action (`*TRG`) a burst of this plan applies, as the run log records it. */
  action(plan: WaveformPlan): SampleAction {
    return burstAction(this.cfg.name, plan, this.cfg.amplifier.gain);
  }

  /**
   * Switches the output off, then closes the line, within about 2 × timeoutMs whatever the device does: when the
   * checked `OUTP1 OFF` does not complete in timeoutMs (silent device, a request still in flight), the command is
   * written raw to the line (no resync, no error check) before it is closed.
   */
  async close(): Promise<void> {
    const client = this.link.client;
    if (client.isOpen) {
      const off = await settleWithin(client.set('OUTP1 OFF').then(() => true, () => false), this.cfg.timeoutMs);
      if (!(off.done && off.value)) await settleWithin(client.transport.write(bytesOf('OUTP1 OFF\n')).catch(() => undefined), this.cfg.timeoutMs);
    }
    await this.link.close();
  }

  private async burst(plan: WaveformPlan, signal?: AbortSignal): Promise<void> {
    const client = this.link.client;
    let sent = false;
    let completed = false;
    try {
      for (const c of loadCommands(plan, this.cfg.awg.waveformName, this.cfg.byteOrder)) await client.set(c, { signal });
      // The upload takes time: someone may have opened the enclosure since the first check.
      await this.requireInterlockClosed('after the upload', signal);
      await client.set('OUTP1 ON', { signal });
      await client.write('*TRG', { signal, onSent: () => { sent = true; } });
      await client.query('*OPC?', { signal, timeoutMs: plan.durationMs + this.cfg.awg.opcMarginMs + this.cfg.timeoutMs });
      completed = true;
      await client.checkErrors('*TRG', signal);
    } catch (err) {
      throw this.failure(err, sent ? this.action(plan) : undefined, completed);
    } finally {
      // Output off after every burst and on any error; if the link is down, reconnected$ does it.
      if (client.isOpen) await client.set('OUTP1 OFF').catch(() => undefined);
    }
  }

  /** Throws InterlockError (nothing written) when an interlock probe is configured and reads open. */
  private async requireInterlockClosed(when: string, signal?: AbortSignal): Promise<void> {
    if (this.interlock && !(await this.interlock(signal))) {
      throw new InterlockError(`${this.cfg.name}: HV interlock open ${when}, poling refused`);
    }
  }

  /** A burst's failure as reported: interlock refusals typed, anything after the trigger went out never retried. */
  private failure(err: unknown, action: SampleAction | undefined, completed: boolean): unknown {
    if (isInterlockRefusal(err)) {
      return new InterlockError(`${this.cfg.name}: the controller refused ${action ? 'the trigger' : "'OUTP1 ON'"}, HV interlock open (${err.message})`, action, { cause: err });
    }
    return action ? new SampleActionError(action, completed, err) : err;
  }
}
