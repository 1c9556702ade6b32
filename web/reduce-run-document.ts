import { type DashboardState, type LogEntry, type ObservedPoint, clearCampaign } from './dashboard-state.ts';
import { DescriptorDocSchema, EventDocSchema, StartDocSchema, StopDocSchema, toFloat64 } from './payloads.ts';
import type { Envelope } from './protocol.ts';
import { describeZodError } from './protocol.ts';
import { formatNumber } from './format.ts';

/** A log entry before it is stamped with the envelope's seq and time. */
export type Entry = Omit<LogEntry, 'seq' | 'ts'>;

/** Applies one run-topic envelope (an event-model document named by `type`) to the state. */
export function reduceRunDocument(state: DashboardState, env: Envelope): [DashboardState, Entry[]] {
  switch (env.type) {
    case 'start': return applyStart(state, env.payload);
    case 'descriptor': {
      const doc = DescriptorDocSchema.safeParse(env.payload);
      if (!doc.success) return [state, [badDoc('descriptor', doc.error)]];
      const name = doc.data.name ?? '';
      const units = name === 'primary' ? doc.data.data_keys?.field?.units : undefined;
      return [{ ...state, descriptors: { ...state.descriptors, [doc.data.uid]: name }, fieldUnits: units ?? state.fieldUnits }, []];
    }
    case 'event': return applyEvent(state, env.payload);
    case 'stop': {
      const doc = StopDocSchema.safeParse(env.payload);
      if (!doc.success) return [state, [badDoc('stop', doc.error)]];
      const run = state.run ? { ...state.run, exitStatus: doc.data.exit_status, reason: doc.data.reason } : null;
      const level = doc.data.exit_status === 'success' ? 'info' : 'warn';
      return [{ ...state, run }, [{ level, text: `run stopped: ${doc.data.exit_status}${doc.data.reason ? ` (${doc.data.reason})` : ''}` }]];
    }
    default: return [state, [{ level: 'warn', text: `unknown run document '${env.type}'` }]];
  }
}

function badDoc(name: string, error: Parameters<typeof describeZodError>[0]): Entry {
  return { level: 'error', text: `bad ${name} document: ${describeZodError(error)}` };
}

/** A start document of another run clears the campaign; the same run (prepared first) only gains direction and budget. */
function applyStart(state: DashboardState, payload: unknown): [DashboardState, Entry[]] {
  const doc = StartDocSchema.safeParse(payload);
  if (!doc.success) return [state, [badDoc('start', doc.error)]];
  const runId = doc.data.run_id ?? doc.data.uid;
  const agent = doc.data.config?.agent;
  const base = state.run?.runId === runId ? state : clearCampaign(state);
  const run = {
    runId,
    name: base.run?.name ?? doc.data.config?.name ?? runId,
    workflow: base.run?.workflow ?? doc.data.workflow ?? '',
    budget: agent?.budget ?? base.run?.budget ?? 0,
    direction: agent?.direction ?? base.run?.direction ?? 'maximize',
    ...(doc.data.objective ? { objective: doc.data.objective } : {}),
  };
  const scan = doc.data.structure_scan;
  const structure = scan && scan.image.length === scan.nx * scan.ny
    ? { channel: scan.channel, nx: scan.nx, ny: scan.ny, sizeUm: scan.sizeUm, image: toFloat64(scan.image) }
    : base.structure;
  return [{ ...base, run, structure, preparing: null, descriptors: {} }, [{ level: 'info', text: `run ${runId} started` }]];
}

/** Primary-stream events become observed points; model-stream events (proposals) are not points. */
function applyEvent(state: DashboardState, payload: unknown): [DashboardState, Entry[]] {
  const doc = EventDocSchema.safeParse(payload);
  if (!doc.success) return [state, [badDoc('event', doc.error)]];
  if (state.descriptors[doc.data.descriptor] !== 'primary') return [state, []];
  const d = doc.data.data;
  if (typeof d.candidate !== 'number' || typeof d.step !== 'number') {
    return [state, [{ level: 'error', text: `event ${doc.data.seq_num}: no numeric step/candidate` }]];
  }
  const point: ObservedPoint = {
    step: d.step, candidate: d.candidate,
    y: typeof d.y === 'number' ? d.y : Number.NaN,
    instrument: typeof d.instrument === 'string' ? d.instrument : '',
  };
  const text = `step ${point.step}: y = ${formatNumber(point.y)} at candidate ${point.candidate}${point.instrument ? ` (${point.instrument})` : ''}`;
  return [{ ...state, points: [...state.points, point] }, [{ level: 'info', text }]];
}

/**
 * Stamps entries with the envelope's seq and a time: a run document's own `time` (s since the epoch) when it has
 * one — so a replay shows when things happened, not when they were re-sent — else the envelope's.
 */
export function stamp(env: Envelope, entries: readonly Entry[]): LogEntry[] {
  const time = env.topic === 'run' ? (env.payload as { time?: unknown } | null)?.time : undefined;
  const ts = typeof time === 'number' && Number.isFinite(time) ? time * 1000 : env.ts;
  return entries.map((e) => ({ ...e, seq: env.seq, ts }));
}
