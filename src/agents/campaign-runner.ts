import { objectiveLabel } from './objective-label.ts';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { batchRefusal } from '../batch-check.ts';
import { mkdirSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { NEVER, type Observable, defer, fromEvent, lastValueFrom, map, merge, of, take, tap } from 'rxjs';
import type { CampaignConfig } from '../config.ts';
import { openInstrumentConfig } from '../drivers/create-instrument.ts';
import { parseInstrumentConfig } from '../drivers/instrument-config.ts';
import type { Instrument } from '../drivers/instrument.ts';
import { FerroloopError } from '../errors.ts';
import type { Surrogate } from '../models/surrogate.ts';
import { asAbort, settleWithin, throwIfAborted } from '../util/abort.ts';
import { FERROLOOP_VERSION } from '../version.ts';
import type { ControlMessage } from '../events/control.ts';
import { systemClock } from '../events/document-factory.ts';
import type { EventDoc, NamedDocument, RunStart, RunStop } from '../events/documents.ts';
import { readRunLog } from '../runlog/run-log-reader.ts';
import { type ResumableLog, openResumableLog, runLogPath } from '../runlog/resume-log.ts';
import { ensureWritableDir } from '../runlog/check-writable.ts';
import { RunLogWriter } from '../runlog/run-log-writer.ts';
import { runAgent } from './agent.ts';
import type { AgentEvent, InstrumentPort, ResumedRun } from './agent-types.ts';
import { writeCampaignFigures } from './campaign-figures.ts';
import { type CampaignMetrics, campaignMetrics } from './campaign-metrics.ts';
import { defaultCacheDir } from './content-cache.ts';
import { redactRedisUrl } from '../distributed/redis-url.ts';
import { withFeasibility } from './workflows/with-feasibility.ts';
import { acquisitionFrom, instrumentPort, surrogateFrom, surrogatePort } from './factories.ts';
import { resumeFromDocuments } from './run-documents.ts';
import { prepareWorkflow } from './workflows/prepare-workflow.ts';
import { requiredCapabilities } from './workflows/required-capabilities.ts';
import type { PreparedWorkflow } from './workflows/prepared-workflow.ts';

/** Package version written into every start document (re-exported from src/version.ts). */
export { FERROLOOP_VERSION };

export interface CampaignRunOptions {
  readonly config: CampaignConfig;
  readonly runsDir: string;
  /** Continue the run with this id from its log (its stored config is used). */
  readonly resumeId?: string;
  readonly control$?: Observable<ControlMessage>;
  readonly cacheDir?: string;
  readonly workers?: number;
  /** Redis URL of the queue ground truths go to (`ferroloop worker` processes); overrides config.compute.redis. */
  readonly redis?: string;
  readonly onEvent?: (e: AgentEvent) => void;
  readonly log?: (message: string) => void;
  readonly onPrepareProgress?: (stage: string, done: number, total: number, detail?: string) => void;
  /** Called once the workflow is prepared, before the first measurement (live clients draw maps from it). */
  readonly onPrepared?: (prepared: PreparedWorkflow, runId: string, config: CampaignConfig) => void;
  /** Builds (unconnected) instruments; defaults to the driver registry (built-ins and plugins). Tests inject emulator-backed ones. */
  readonly makeInstrument?: (config: Record<string, unknown>) => Instrument | Promise<Instrument>;
  /** Folder of the campaign config: relative plugin modules (also in swap messages) resolve against it; default: cwd. */
  readonly configDir?: string;
  /** Aborts the campaign in any phase (connect, VAE training, sweeps, fits, instrument waits). */
  readonly signal?: AbortSignal;
}

/** The JSON summary `ferroloop run` prints. */
export interface CampaignSummary extends CampaignMetrics {
  readonly run_id: string;
  readonly workflow: string;
  readonly exit_status: string;
  readonly reason: string;
  readonly log: string;
  readonly figures: readonly string[];
}

/** A readable, unique run id: `<name>-<UTC yyyymmddThhmmss>-<6 hex>`. */
export function makeRunId(name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '');
  return `${name.replace(/[^A-Za-z0-9_-]+/g, '_')}-${stamp}-${randomBytes(3).toString('hex')}`;
}

/** How long closing the instrument may take before the run goes on without it (ms). */
const CLOSE_WAIT_MS = 10_000;

/**
 * Runs (or resumes) a campaign end to end: prepare the workflow, connect the instrument, run the agent
 * with every document appended to `<runsDir>/<run-id>.jsonl`, then write figures and return the summary.
 * `signal` aborts any phase within seconds: before the start document it rejects with AbortError (nothing
 * written), afterwards the run ends with an 'abort' stop document and the summary is returned. The
 * instrument is closed on every path, within CLOSE_WAIT_MS.
 */
export async function runCampaign(o: CampaignRunOptions): Promise<CampaignSummary> {
  const { signal } = o;
  throwIfAborted(signal, 'start-up');
  ensureWritableDir(o.runsDir);
  const runId = o.resumeId ?? makeRunId(o.config.name);
  const logPath = o.resumeId ? runLogPath(o.runsDir, runId) : join(o.runsDir, `${runId}.jsonl`);
  let config = o.config;
  let docs: NamedDocument[] = [];
  let reopened: ResumableLog | undefined;
  if (o.resumeId) {
    reopened = openResumableLog(o.runsDir, o.resumeId, o.config);
    ({ documents: docs, config } = reopened);
    o.log?.(`resuming ${runId} from ${docs.filter((d) => d[0] === 'event').length} events${reopened.reopenAt !== undefined ? ' (reopening its abort stop)' : ''}`);
  }
  const requires = requiredCapabilities(config.workflow.kind);
  const make = o.makeInstrument ?? (async (c: Record<string, unknown>) =>
    (await openInstrumentConfig(parseInstrumentConfig(c), { configDir: o.configDir, requires, log: o.log })).instrument);
  const instrument = await make(withBatchWorkers(config, o.redis) as unknown as Record<string, unknown>);
  let phase = 'connect';
  try {
    await instrument.connect(signal);
    throwIfAborted(signal, phase);
    phase = 'preparation';
    const resumedStart = docs.find((d) => d[0] === 'start')?.[1] as RunStart | undefined;
    const prepared = await prepareWorkflow(config, {
      cacheDir: o.cacheDir ?? defaultCacheDir(), configDir: o.configDir, workers: o.workers, log: o.log, onProgress: o.onPrepareProgress, signal,
      compute: { ...config.compute, ...(o.redis !== undefined ? { redis: o.redis } : {}) },
    }, instrument, resumedStart).then((w) => withFeasibility(w, instrument, config.agent.budget, o.log));
    throwIfAborted(signal, phase);
    const resume: ResumedRun | undefined = reopened ? { ...resumeFromDocuments(docs, prepared.space), interruptions: reopened.interruptions } : undefined;
    o.onPrepared?.(prepared, runId, config);
    const surrogate = await surrogateFrom(config.surrogate, config.seed, prepared.space.candidates, config.agent.initialPoints, config.agent.batchSize);
    phase = 'the campaign';
    if (reopened?.reopenAt !== undefined) truncateSync(logPath, reopened.reopenAt);
    const stop = await runLoop(o, { runId, logPath, config, prepared, instrument, surrogate, resume, make });
    return await summarise(o, { runId, logPath, config, prepared, surrogate, stop });
  } catch (err) {
    throw asAbort(err, signal, phase);
  } finally {
    await closeInstrument(instrument, o.log);
  }
}

/** What the agent loop needs besides the options. */
interface LoopParts {
  readonly runId: string;
  readonly logPath: string;
  readonly config: CampaignConfig;
  readonly prepared: PreparedWorkflow;
  readonly instrument: Instrument;
  readonly surrogate: Surrogate;
  readonly resume: ResumedRun | undefined;
  readonly make: (c: Record<string, unknown>) => Instrument | Promise<Instrument>;
}

/** Runs the agent to its stop document, appending every document to the run log; an abort becomes a stop message. */
async function runLoop(o: CampaignRunOptions, p: LoopParts): Promise<RunStop | undefined> {
  const { config, prepared } = p;
  const { signal } = o;
  const writer = new RunLogWriter(p.logPath);
  let stop: RunStop | undefined;
  try {
    const control$ = merge(o.control$ ?? NEVER, abortStop$(signal));
    const events$ = runAgent(control$, {
      instrument: instrumentPort(p.instrument, signal),
      openInstrument: (c) => defer(() => openPort(p.make, batchSwapConfig(config, c, o.redis), signal)),
      surrogate: surrogatePort(p.surrogate, signal),
      acquisition: acquisitionFrom(config.acquisition, config.agent.direction),
      space: prepared.space, infeasible: prepared.infeasible, clock: systemClock, resume: p.resume,
    }, {
      budget: config.agent.budget, initialPoints: config.agent.initialPoints, seed: config.seed,
      direction: config.agent.direction, retry: config.agent.retry, posteriorEvery: config.agent.posteriorEvery,
      batchSize: config.agent.batchSize, batchSelection: config.agent.batchSelection,
      metadata: {
        run_id: p.runId, plan_name: config.workflow.kind, workflow: config.workflow.kind, config: withoutCredentials(config),
        instrument: config.instrument.kind, ferroloop_version: FERROLOOP_VERSION, objective: objectiveLabel(config), ...prepared.info,
      },
    });
    await lastValueFrom(events$.pipe(tap((e) => {
      if (e.kind === 'document') {
        writer.append(e.doc);
        if (e.doc[0] === 'stop') stop = e.doc[1];
      }
      o.onEvent?.(e);
    })));
  } finally {
    writer.close();
  }
  return stop;
}

/** Reads the finished run back from its log: metrics, figures, the printable summary. */
async function summarise(
  o: CampaignRunOptions, a: { runId: string; logPath: string; config: CampaignConfig; prepared: PreparedWorkflow; surrogate: Surrogate; stop: RunStop | undefined },
): Promise<CampaignSummary> {
  const { runId, logPath, config, prepared, surrogate, stop } = a;
  const all = readRunLog(logPath).documents;
  const primary = all.find((d) => d[0] === 'descriptor' && d[1].name === 'primary')![1].uid;
  const events = all.filter((d) => d[0] === 'event' && (d[1] as EventDoc).descriptor === primary).map((d) => d[1] as EventDoc);
  const candidates = events.map((e) => e.data.candidate as number);
  const y = events.map((e) => e.data.y as number);
  const metrics = await campaignMetrics({ config, prepared, candidates, y, surrogate });
  const figureDir = join(o.runsDir, runId);
  mkdirSync(figureDir, { recursive: true });
  const drawn = performance.now();
  const figures = config.figures ? await writeCampaignFigures({
    dir: figureDir, config, prepared, candidates, y, records: events.map((e) => e.data), reconstruction: metrics.reconstruction,
  }) : [];
  if (figures.length > 0) o.log?.(`figures: ${figures.length} rendered in ${((performance.now() - drawn) / 1000).toFixed(2)} s`);
  const { reconstruction: _r, ...printable } = metrics;
  return {
    run_id: runId, workflow: config.workflow.kind, exit_status: stop?.exit_status ?? 'unknown', reason: stop?.reason ?? '',
    log: logPath, figures, ...printable,
  };
}

/** A swap's instrument config in a batch campaign: refused when it cannot take a batch, else given its threads. */
function batchSwapConfig(config: CampaignConfig, c: Record<string, unknown>, redis?: string): Record<string, unknown> {
  if (config.agent.batchSize <= 1) return c;
  const instrument = parseInstrumentConfig(c);
  const refusal = batchRefusal(config.workflow.kind, instrument);
  if (refusal) throw new FerroloopError('CONFIG_INVALID', `cannot swap to this instrument in a batch campaign (agent.batchSize ${config.agent.batchSize}): ${refusal}`);
  return withBatchWorkers({ ...config, instrument }, redis) as unknown as Record<string, unknown>;
}

/**
 * The instrument config of a batch campaign on the simulator: its evaluations on the queue when a Redis URL is given
 * (--redis or compute.redis), else on as many local threads as the batch needs (up to the cores) unless `workers` is set.
 */
function withBatchWorkers(config: CampaignConfig, redis?: string): CampaignConfig['instrument'] {
  const i = config.instrument;
  if (config.agent.batchSize <= 1 || i.kind !== 'ferrosim') return i;
  const queue = redis ?? config.compute?.redis;
  if (queue !== undefined && i.queue === undefined) return { ...i, queue };
  return i.workers !== undefined ? i : { ...i, workers: Math.min(config.agent.batchSize, availableParallelism()) };
}

/** The config as the start document keeps it: a compute.redis URL without user and password. */
function withoutCredentials(config: CampaignConfig): CampaignConfig {
  return config.compute?.redis ? { ...config, compute: { ...config.compute, redis: redactRedisUrl(config.compute.redis) } } : config;
}

/** A stop message once the signal fires (at once if it already has). */
function abortStop$(signal: AbortSignal | undefined): Observable<ControlMessage> {
  if (!signal) return NEVER;
  const message = (): ControlMessage => ({ type: 'stop', reason: typeof signal.reason === 'string' ? signal.reason : 'aborted' });
  return defer(() => (signal.aborted ? of(message()) : fromEvent(signal, 'abort').pipe(take(1), map(message))));
}

/** Closes the instrument, waiting at most CLOSE_WAIT_MS; a failure or a late close is logged, never thrown. */
async function closeInstrument(instrument: Instrument, log?: (m: string) => void): Promise<void> {
  try {
    const r = await settleWithin(instrument.close(), CLOSE_WAIT_MS);
    if (!r.done) log?.(`instrument ${instrument.info.name}: close did not finish within ${CLOSE_WAIT_MS} ms; going on`);
  } catch (err) {
    log?.(`instrument ${instrument.info.name}: close failed: ${(err as Error).message}`);
  }
}

/** Builds and connects the instrument a swap message describes, as an agent port. */
function openPort(make: (c: Record<string, unknown>) => Instrument | Promise<Instrument>, config: Record<string, unknown>, signal?: AbortSignal): Observable<InstrumentPort> {
  return defer(async () => {
    const inst = await make(config);
    try {
      await inst.connect(signal);
    } catch (err) {
      await closeInstrument(inst);
      throw err;
    }
    return instrumentPort(inst, signal);
  });
}
