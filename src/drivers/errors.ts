import { type ErrorCode, FerroloopError } from '../errors.ts';

/** A command an instrument refuses (unsupported kind, limit, interlock) or a driver failure. */
export class InstrumentError extends FerroloopError {
  constructor(code: Extract<ErrorCode, `INSTRUMENT_${string}`>, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** Codes a transport failure can carry. */
export type TransportErrorCode = 'TRANSPORT_TIMEOUT' | 'TRANSPORT_PROTOCOL' | 'TRANSPORT_CLOSED' | 'INSTRUMENT_DISCONNECTED';

/** A failure of the link: timeout, malformed bytes, closed port, or an unplug (`disconnected` is then true). */
export class TransportError extends FerroloopError {
  readonly disconnected: boolean;

  constructor(code: TransportErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.disconnected = code === 'INSTRUMENT_DISCONNECTED';
  }
}

/** An error a controller reported through `SYST:ERR?`: its SCPI code and message, and the command that caused it. */
export class ScpiError extends FerroloopError {
  readonly scpiCode: number;
  readonly scpiMessage: string;
  readonly command: string;

  constructor(scpiCode: number, scpiMessage: string, command: string) {
    super('SCPI_ERROR', `SCPI error ${scpiCode} "${scpiMessage}" after '${command}'`);
    this.scpiCode = scpiCode;
    this.scpiMessage = scpiMessage;
    this.command = command;
  }
}

/** A command that acts on the sample (`*TRG` of a poling burst, `SPEC:RUN`) as it went to the wire, for the run log. */
export interface SampleAction {
  /** The controller that received it. */
  readonly instrument: string;
  /** The acting command, e.g. `*TRG` or `SPEC:RUN`. */
  readonly command: string;
  /** What it applied, in words: waveform, amplitude, offset, rate, duration, tip position. */
  readonly sent: string;
}

/**
 * A command that may have acted on the sample was sent, and what followed failed (its completion was not confirmed,
 * or the read-out after it failed). Never retried automatically: a retry would act on the sample a second time.
 * `confirmed` is true when the controller reported the action complete and only the read-out was lost.
 */
export class SampleActionError extends FerroloopError {
  constructor(readonly action: SampleAction, readonly confirmed: boolean, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super('SAMPLE_ACTION_UNCONFIRMED', `${action.instrument}: '${action.command}' was sent (${action.sent}) and then ${confirmed ? 'the read-out' : 'its completion'} failed: ${why}; not repeated`, { cause });
  }
}

/** The HV interlock is open: poling refused by the driver, or by the controller (`action` set when a trigger was refused). */
export class InterlockError extends FerroloopError {
  constructor(message: string, readonly action?: SampleAction, options?: { cause?: unknown }) {
    super('INSTRUMENT_INTERLOCK', message, options);
  }
}

/** Codes the agent never retries, whatever the configured retry policy says (safety, DESIGN §9). */
export const NEVER_RETRIED_CODES: readonly string[] = ['SAMPLE_ACTION_UNCONFIRMED', 'INSTRUMENT_INTERLOCK'];

/** The sample action an error reports (it reached the wire) and whether the controller completed it, if any. */
export function sampleActionOf(err: unknown): { readonly action: SampleAction; readonly completed: boolean } | undefined {
  if (err instanceof SampleActionError) return { action: err.action, completed: err.confirmed };
  if (err instanceof InterlockError && err.action) return { action: err.action, completed: false };
  return undefined;
}

/** A controller's refusal because of the interlock: SCPI -200 whose message names it. */
export function isInterlockRefusal(err: unknown): err is ScpiError {
  return err instanceof ScpiError && err.scpiCode === -200 && /interlock/i.test(err.scpiMessage);
}
