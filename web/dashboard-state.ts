import type { AgentStatePayload, GridInfo, ProgressPayload } from './payloads.ts';

/** What the current campaign is (from `campaign/prepared` and the run's start document). */
export interface RunInfo {
  readonly runId: string;
  readonly name: string;
  readonly workflow: string;
  readonly budget: number;
  readonly direction: 'maximize' | 'minimize';
  /** The objective named with its units (from the start document). */
  readonly objective?: { readonly title: string; readonly short: string };
  /** Exit status and reason once the stop document arrived. */
  readonly exitStatus?: string;
  readonly reason?: string;
}

/** One measurement of the primary stream. */
export interface ObservedPoint {
  readonly step: number;
  readonly candidate: number;
  readonly y: number;
  readonly instrument: string;
}

/** Posterior mean and σ (y units) over every candidate (m values each). */
export interface PosteriorView {
  readonly step: number;
  readonly mean: Float64Array;
  readonly std: Float64Array;
}

/** The last field trajectory applied (one value per time step). */
export interface FieldView {
  readonly step: number;
  readonly values: Float64Array;
  readonly units: string;
}

/** The last switching-spectroscopy loop: bias (V), on-field and off-field response (a.u.), M points each. */
export interface LoopView {
  readonly step: number;
  readonly bias: Float64Array;
  readonly on: Float64Array;
  readonly off: Float64Array;
}

/** The last polarization map: PX, PY images, ny x nx row-major (row = y). */
export interface PolarizationView {
  readonly step: number;
  readonly nx: number;
  readonly ny: number;
  readonly px: Float64Array;
  readonly py: Float64Array;
}

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogEntry {
  readonly seq: number;
  readonly ts: number;
  readonly level: LogLevel;
  readonly text: string;
}

/** Latest reply to a control request (ack or error); `pending` while an accepted request has not taken effect (a swap). */
export interface ControlReply {
  readonly ok: boolean;
  readonly text: string;
  readonly pending?: boolean;
}

/** The campaign's preparation while it runs (VAE epochs, ground-truth runs), from `campaign/preparing`. */
export interface PreparingView {
  readonly name: string;
  readonly stage: string;
  readonly done: number;
  readonly total: number;
  readonly detail?: string;
}

/** A W3 run's structural scan (from its start document): ny x nx image, row 0 at y = 0, over sizeUm µm. */
export interface StructureView {
  readonly channel: string;
  readonly nx: number;
  readonly ny: number;
  readonly sizeUm: number;
  readonly image: Float64Array;
}

/** Everything the dashboard shows, rebuilt from envelopes only (see reduceEnvelope). */
export interface DashboardState {
  /** Highest envelope seq applied; envelopes with seq ≤ lastSeq are duplicates and ignored. */
  readonly lastSeq: number;
  readonly run: RunInfo | null;
  readonly grid: GridInfo | null;
  /** Candidate positions on the grid axes, m x 2 row-major. */
  readonly coordinates: Float64Array | null;
  readonly groundTruth: Float64Array | null;
  /** Indices of candidates excluded by the instrument's limits (greyed out on the maps). */
  readonly infeasible: readonly number[];
  readonly posterior: PosteriorView | null;
  /** Descriptor uid → stream name (primary / model) of the current run. */
  readonly descriptors: Readonly<Record<string, string>>;
  readonly points: readonly ObservedPoint[];
  readonly field: FieldView | null;
  /** Units of the primary stream's `field` data key (e.g. Ec), for the field plot's axis. */
  readonly fieldUnits: string;
  /** The last spectroscopy loop (microscope workflows measure loops instead of applying field trajectories). */
  readonly loop: LoopView | null;
  readonly polarization: PolarizationView | null;
  readonly agent: AgentStatePayload | null;
  readonly progress: ProgressPayload | null;
  readonly instrument: string | null;
  readonly swaps: number;
  readonly failures: number;
  readonly log: readonly LogEntry[];
  readonly reply: ControlReply | null;
  readonly preparing: PreparingView | null;
  readonly structure: StructureView | null;
  /** What the server is (from GET /api/state): a live campaign server or a replay of a recorded run. */
  readonly mode: 'live' | 'replay';
  /** Config names the start control offers (the server's shipped configs). */
  readonly configs: readonly string[];
}

/** Most log entries kept (older ones scroll away). */
export const LOG_LIMIT = 300;

export const initialState: DashboardState = {
  lastSeq: 0, run: null, grid: null, coordinates: null, groundTruth: null, infeasible: [], posterior: null, descriptors: {},
  points: [], field: null, fieldUnits: '', loop: null, polarization: null, agent: null, progress: null, instrument: null,
  swaps: 0, failures: 0, log: [], reply: null, preparing: null, structure: null, mode: 'live', configs: [],
};

/** The state with every per-campaign part cleared (a new run began); the seq, log and reply stay. */
export function clearCampaign(state: DashboardState): DashboardState {
  return { ...initialState, lastSeq: state.lastSeq, log: state.log, reply: state.reply, mode: state.mode, configs: state.configs, preparing: state.preparing };
}

/** True once the run's stop document arrived or the agent finished: control requests have nothing to act on. */
export function runEnded(s: DashboardState): boolean {
  return s.run?.exitStatus !== undefined || s.agent?.state === 'finished';
}

/** True while a campaign is preparing or running (pause, resume, stop and swap have something to act on). */
export function campaignActive(s: DashboardState): boolean {
  return (s.run !== null || s.preparing !== null) && !runEnded(s);
}

/** Appends log entries, keeping the newest LOG_LIMIT. */
export function appendLog(state: DashboardState, entries: readonly LogEntry[]): DashboardState {
  if (entries.length === 0) return state;
  const log = [...state.log, ...entries];
  return { ...state, log: log.length > LOG_LIMIT ? log.slice(log.length - LOG_LIMIT) : log };
}
