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
