/** Stable machine-readable error codes of ferroloop, one union for every area. */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'INPUT_INVALID'
  | 'FILE_UNREADABLE'
  | 'SIM_INVALID'
  | 'SIM_DIVERGED'
  | 'SWEEP_CANCELLED'
  | 'QUEUE_UNAVAILABLE'
  | 'SWEEP_WORKER_FAILED'
  | 'INSTRUMENT_ERROR'
  | 'INSTRUMENT_UNSUPPORTED'
  | 'INSTRUMENT_LIMIT'
  | 'INSTRUMENT_INTERLOCK'
  | 'SAMPLE_ACTION_UNCONFIRMED'
  | 'INSTRUMENT_DISCONNECTED'
  | 'TRANSPORT_TIMEOUT'
  | 'TRANSPORT_PROTOCOL'
  | 'TRANSPORT_CLOSED'
  | 'SCPI_ERROR'
  | 'MODEL_FIT_FAILED'
  | 'MODEL_INVALID'
  | 'NUMERICS_NOT_PD'
  | 'AGENT_FAILED'
  | 'RUNLOG_CORRUPT'
  | 'FILE_UNWRITABLE'
  | 'SERVER_ERROR'
  | 'PLUGIN_INVALID'
  | 'CAMPAIGN_ABORTED';

/** Base of every error ferroloop throws: a stable `code`, a message, and an optional cause. */
export class FerroloopError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Bad user input (config, case file, CSV, CLI flag); `path` names the offending field. */
export class InputError extends FerroloopError {
  readonly path: string;

  constructor(path: string, message: string, options?: { cause?: unknown; code?: ErrorCode }) {
    super(options?.code ?? 'INPUT_INVALID', path ? `${path}: ${message}` : message, options);
    this.path = path;
  }
}

/** A simulation whose inputs are inconsistent, or whose state left the finite numbers. */
export class SimError extends FerroloopError {}

/** Work stopped because its AbortSignal fired (Ctrl-C, SIGTERM, a server shutting down); `phase` names what was cut short. */
export class AbortError extends FerroloopError {
  readonly phase: string;

  constructor(phase: string, options?: { cause?: unknown }) {
    super('CAMPAIGN_ABORTED', `aborted during ${phase}`, options);
    this.phase = phase;
  }
}
