import { randomBytes } from 'node:crypto';
import { mkdirSync, truncateSync } from 'node:fs';
import { writeFileAtomic } from '../util/write-file-atomic.ts';
import { join } from 'node:path';
import { NEVER, type Observable, defer, lastValueFrom, tap } from 'rxjs';
import type { CampaignConfig } from '../config.ts';
import { openInstrumentConfig } from '../drivers/create-instrument.ts';
import { parseInstrumentConfig } from '../drivers/instrument-config.ts';
import type { Instrument } from '../drivers/instrument.ts';
import { FerroloopError } from '../errors.ts';
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
  readonly onEvent?: (e: AgentEvent) => void;
  readonly log?: (message: string) => void;
  readonly onPrepareProgress?: (stage: string, done: number, total: number) => void;
  /** Called once the workflow is prepared, before the first measurement (live clients draw maps from it). */
  readonly onPrepared?: (prepared: PreparedWorkflow, runId: string, config: CampaignConfig) => void;
  /** Builds (unconnected) instruments; defaults to the driver registry (built-ins and plugins). Tests inject emulator-backed ones. */
  readonly makeInstrument?: (config: Record<string, unknown>) => Instrument | Promise<Instrument>;
  /** Folder of the campaign config: relative plugin modules (also in swap messages) resolve against it; default: cwd. */
  readonly configDir?: string;
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

/**
 * Runs (or resumes) a campaign end to end: prepare the workflow, connect the instrument, run the agent
 * with every document appended to `<runsDir>/<run-id>.jsonl`, then write figures and return the summary.
 */
export async function runCampaign(o: CampaignRunOptions): Promise<CampaignSummary> {
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
  const cacheDir = o.cacheDir ?? defaultCacheDir();
  const requires = requiredCapabilities(config.workflow.kind);
  const make = o.makeInstrument ?? (async (c: Record<string, unknown>) =>
    (await openInstrumentConfig(parseInstrumentConfig(c), { configDir: o.configDir, requires, log: o.log })).instrument);
  const instrument = await make(config.instrument as unknown as Record<string, unknown>);
  await instrument.connect();
  const resumedStart = docs.find((d) => d[0] === 'start')?.[1] as RunStart | undefined;
  let prepared;
  try {
    prepared = await prepareWorkflow(config, { cacheDir, configDir: o.configDir, workers: o.workers, log: o.log, onProgress: o.onPrepareProgress }, instrument, resumedStart);
  } catch (err) {
    await instrument.close();
    throw err;
  }
  const resume: ResumedRun | undefined = reopened ? { ...resumeFromDocuments(docs, prepared.space), interruptions: reopened.interruptions } : undefined;
  o.onPrepared?.(prepared, runId, config);
  const surrogate = await surrogateFrom(config.surrogate, config.seed, prepared.space.candidates, config.agent.initialPoints);
  if (reopened?.reopenAt !== undefined) truncateSync(logPath, reopened.reopenAt);
  const writer = new RunLogWriter(logPath);
  let stop: RunStop | undefined;
  try {
    const events$ = runAgent(o.control$ ?? NEVER, {
      instrument: instrumentPort(instrument),
      openInstrument: (c) => openPort(make, c),
      surrogate: surrogatePort(surrogate),
      acquisition: acquisitionFrom(config.acquisition, config.agent.direction),
      space: prepared.space, clock: systemClock, resume,
    }, {
      budget: config.agent.budget, initialPoints: config.agent.initialPoints, seed: config.seed,
      direction: config.agent.direction, retry: config.agent.retry, posteriorEvery: config.agent.posteriorEvery,
      metadata: {
        run_id: runId, plan_name: config.workflow.kind, workflow: config.workflow.kind, config,
        instrument: config.instrument.kind, ferroloop_version: FERROLOOP_VERSION, ...prepared.info,
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
    await instrument.close();
  }
  const all = readRunLog(logPath).documents;
  const primary = all.find((d) => d[0] === 'descriptor' && d[1].name === 'primary')![1].uid;
  const events = all.filter((d) => d[0] === 'event' && (d[1] as EventDoc).descriptor === primary).map((d) => d[1] as EventDoc);
  const candidates = events.map((e) => e.data.candidate as number);
  const y = events.map((e) => e.data.y as number);
  const metrics = await campaignMetrics({ config, prepared, candidates, y, surrogate });
  const figureDir = join(o.runsDir, runId);
  mkdirSync(figureDir, { recursive: true });
  const figures = config.figures ? writeCampaignFigures({
    dir: figureDir, title: config.name, direction: config.agent.direction, candidates, y, grid: prepared.grid,
    coordinates: prepared.coordinates,
    truth: prepared.groundTruth, reconstruction: metrics.reconstruction,
  }) : [];
  if (config.figures) {
    for (const f of prepared.figures ?? []) {
      writeFileAtomic(join(figureDir, f.name), f.png);
      figures.push(join(figureDir, f.name));
    }
  }
  const { reconstruction: _r, ...printable } = metrics;
  return {
    run_id: runId, workflow: config.workflow.kind, exit_status: stop?.exit_status ?? 'unknown', reason: stop?.reason ?? '',
    log: logPath, figures, ...printable,
  };
}

/** Builds and connects the instrument a swap message describes, as an agent port. */
function openPort(make: (c: Record<string, unknown>) => Instrument | Promise<Instrument>, config: Record<string, unknown>): Observable<InstrumentPort> {
  return defer(async () => {
    const inst = await make(config);
    await inst.connect();
    return instrumentPort(inst);
  });
}
