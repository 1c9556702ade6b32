import type { Observable, SchedulerLike } from 'rxjs';
import type { Command, Measurement } from '../drivers/instrument.ts';
import type { Descriptor, NamedDocument, RunStart } from '../events/documents.ts';
import type { DocumentClock } from '../events/document-factory.ts';
import type { Acquisition, Direction } from './acquisition/acquisition.ts';
import type { CampaignData } from './campaign-data.ts';
import type { Dataset, FittedSurrogate } from '../models/surrogate.ts';
import type { SearchSpace } from './search-space.ts';

/** The agent's view of an instrument: Observable-returning, so that tests run in virtual time. */
export interface InstrumentPort {
  readonly name: string;
  measure(command: Command): Observable<Measurement>;
  close(): Observable<void>;
}

/** The agent's view of a surrogate family. */
export interface SurrogatePort {
  readonly name: string;
  fit(data: Dataset): Observable<FittedSurrogate>;
}

export type AgentState = 'running' | 'paused' | 'swapping' | 'finished';

/** Everything an agent emits: run documents (for the run log) and status messages (for live clients). */
export type AgentEvent =
  | { readonly kind: 'document'; readonly doc: NamedDocument }
  | { readonly kind: 'status'; readonly type: 'agent/state'; readonly payload: { readonly state: AgentState; readonly step: number; readonly reason?: string } }
  | { readonly kind: 'status'; readonly type: 'agent/progress'; readonly payload: ProgressPayload }
  | { readonly kind: 'status'; readonly type: 'model/posterior'; readonly payload: PosteriorPayload }
  | { readonly kind: 'status'; readonly type: 'instrument/measured'; readonly payload: { readonly step: number; readonly candidate: number; readonly measurement: Measurement } }
  | { readonly kind: 'status'; readonly type: 'instrument/failed'; readonly payload: FailurePayload }
  | { readonly kind: 'status'; readonly type: 'instrument/swapped'; readonly payload: { readonly step: number; readonly from: string; readonly to: string } };

export interface ProgressPayload {
  readonly step: number;
  readonly budget: number;
  readonly candidate: number;
  readonly y: number;
  readonly instrument: string;
  readonly best: number;
  readonly bestCandidate: number;
}

/** Posterior mean and variance (in y units) over every candidate, after the fit of `step`. */
export interface PosteriorPayload {
  readonly step: number;
  readonly mean: Float64Array;
  readonly variance: Float64Array;
  readonly fitMs: number;
}

export interface FailurePayload {
  readonly step: number;
  readonly attempt: number;
  readonly code: string;
  readonly message: string;
  readonly willRetry: boolean;
}

/** Retry policy for failed measurements: attempts per step, fixed backoff, codes never retried. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly backoffMs: number;
  readonly fatalCodes: readonly string[];
}

export interface AgentConfig {
  /** Total measurements of the run (initial points included). */
  readonly budget: number;
  /** Seeded random candidates measured before the surrogate takes over. */
  readonly initialPoints: number;
  readonly seed: number;
  readonly direction: Direction;
  readonly retry: RetryPolicy;
  /** Emit a model/posterior status every N model steps (0: never). */
  readonly posteriorEvery: number;
  /** Proposals per model fit, measured in parallel (default 1: one measurement in flight). */
  readonly batchSize?: number;
  /** How a batch's 2nd…q-th proposals are chosen (default Kriging believer; local penalisation for models that cannot be conditioned). */
  readonly batchSelection?: 'kriging-believer' | 'local-penalization';
  /** Extra keys of the start document (config, workflow, version…). */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** A run continued from its log: its start and descriptors (absent when killed before writing them), the dataset so far and the next seq_nums. */
export interface ResumedRun {
  readonly start: RunStart;
  readonly primary?: Descriptor;
  readonly model?: Descriptor;
  readonly data: CampaignData;
  readonly nextSeq: { readonly primary: number; readonly model: number };
  /** Candidates of model events logged for the next steps (killed before their measurement), in step order: measured without a new proposal. */
  readonly pendingCandidates?: readonly number[];
  /** Abort stops this run was reopened from (Ctrl-C, then --resume): listed in the final stop document. */
  readonly interruptions?: readonly { readonly uid: string; readonly time: number; readonly reason: string }[];
}

export interface AgentDeps {
  readonly instrument: InstrumentPort;
  /** Connects the instrument a swap message describes (the agent closes the old one afterwards). */
  readonly openInstrument?: (config: Record<string, unknown>) => Observable<InstrumentPort>;
  readonly surrogate: SurrogatePort;
  readonly acquisition: Acquisition;
  readonly space: SearchSpace;
  /** 1 where a candidate breaks the instrument's limits (see feasibility.ts): never proposed, initial or acquired. */
  readonly infeasible?: Uint8Array;
  readonly clock: DocumentClock;
  readonly scheduler?: SchedulerLike;
  readonly resume?: ResumedRun;
}
