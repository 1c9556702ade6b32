import type * as z from 'zod/mini';
import { type DashboardState, appendLog, clearCampaign } from './dashboard-state.ts';
import {
  AckSchema, AgentStateSchema, ErrorSchema, FailedSchema, MeasuredSchema, PosteriorSchema, PreparedSchema,
  PreparingSchema, ProgressSchema, SwappedSchema, toFloat64,
} from './payloads.ts';
import { readMeasurement } from './read-measurement.ts';
import { type Entry, reduceRunDocument, stamp } from './reduce-run-document.ts';
import { type Envelope, describeZodError } from './protocol.ts';

type Result = [DashboardState, Entry[]];

/**
 * Applies one envelope to the dashboard state (pure). Envelopes with seq ≤ state.lastSeq are duplicates
 * (a resumed subscription may repeat what was seen) and return the very same state object. Control replies
 * (acks, errors, pongs) are for this client alone and never replayed: they neither move lastSeq nor are
 * dropped by it, so a reply that came before a replay cannot hide the replay.
 */
export function reduceEnvelope(state: DashboardState, env: Envelope): DashboardState {
  if (env.topic === 'control') {
    const [next, entries] = reduceStatus(state, env);
    return appendLog(next, stamp(env, entries));
  }
  if (env.seq <= state.lastSeq) return state;
  const seen = { ...state, lastSeq: env.seq };
  const [next, entries] = env.topic === 'run' ? reduceRunDocument(seen, env) : reduceStatus(seen, env);
  return appendLog(next, stamp(env, entries));
}

/** Validates a payload; on failure the state is kept and the failure logged. */
function withPayload<S extends z.ZodMiniType>(state: DashboardState, env: Envelope, schema: S, apply: (p: z.infer<S>) => Result): Result {
  const parsed = schema.safeParse(env.payload);
  if (!parsed.success) return [state, [{ level: 'error', text: `bad ${env.type} payload: ${describeZodError(parsed.error)}` }]];
  return apply(parsed.data);
}

function reduceStatus(state: DashboardState, env: Envelope): Result {
  switch (env.type) {
    case 'campaign/preparing': return withPayload(state, env, PreparingSchema, (p) => {
      const fresh = state.preparing?.stage !== p.stage;
      const text = p.stage === 'starting' ? `campaign ${p.name}: preparing` : `preparing ${p.stage}${p.total > 0 ? ` (${p.total})` : ''}`;
      // A new campaign's preparation: the previous run's views go (its stop already arrived).
      const base = p.stage === 'starting' ? clearCampaign(state) : state;
      return [{ ...base, preparing: p }, fresh ? [{ level: 'info', text }] : []];
    });
    case 'campaign/prepared': return withPayload(state, env, PreparedSchema, (p) => applyPrepared(state, p));
    case 'agent/state': return withPayload(state, env, AgentStateSchema, (p) => {
      const changed = state.agent?.state !== p.state;
      const text = `agent ${p.state} at step ${p.step}${p.reason ? ` (${p.reason})` : ''}`;
      return [{ ...state, agent: p }, changed ? [{ level: 'info', text }] : []];
    });
    case 'agent/progress': return withPayload(state, env, ProgressSchema, (p) => [{ ...state, progress: p, instrument: p.instrument }, []]);
    case 'model/posterior': return withPayload(state, env, PosteriorSchema, (p) => {
      if (p.mean.length !== p.std.length) return [state, [{ level: 'error', text: `posterior at step ${p.step}: mean and std lengths differ` }]];
      return [{ ...state, posterior: { step: p.step, mean: toFloat64(p.mean), std: toFloat64(p.std) } }, []];
    });
    case 'instrument/measured': return withPayload(state, env, MeasuredSchema, (p) => {
      const m = readMeasurement(p);
      const views = { field: m.field ?? state.field, polarization: m.polarization ?? state.polarization, loop: m.loop ?? state.loop };
      return [{ ...state, instrument: p.instrument, ...views }, []];
    });
    case 'instrument/failed': return withPayload(state, env, FailedSchema, (p) => {
      const text = `step ${p.step} attempt ${p.attempt} failed: ${p.code} ${p.message}${p.willRetry ? ' (retrying)' : ''}`;
      // A swap that was accepted but failed when the agent opened the instrument: shown where its ack was.
      const swapFailed = /^swap failed/.test(p.message);
      const reply = swapFailed ? { ok: false, text: `${p.code}: ${p.message}` } : state.reply;
      return [{ ...state, failures: state.failures + 1, reply }, [{ level: p.willRetry ? 'warn' : 'error', text }]];
    });
    case 'instrument/swapped': return withPayload(state, env, SwappedSchema, (p) => {
      const text = `instrument swapped at step ${p.step}: ${p.from} → ${p.to}`;
      return [{ ...state, swaps: state.swaps + 1, instrument: p.to, reply: { ok: true, text } }, [{ level: 'info', text }]];
    });
    case 'control/ack': return withPayload(state, env, AckSchema, (p) => {
      const request = requestName(p.request);
      const text = `${request} acknowledged${p.id !== undefined ? ` (${p.id})` : ''}`;
      // A swap is only accepted here: the agent opens the new instrument at the next step boundary, and the reply
      // line says so until instrument/swapped (or the swap's failure) arrives.
      const reply = request === 'swap' ? { ok: true, pending: true, text: 'swap accepted: the agent opens the new instrument at the next step…' } : { ok: true, text };
      // subscriptions are acknowledged too; only requests a person made belong in the control reply line
      return [request === 'subscribe' || request === 'auth' ? state : { ...state, reply }, [{ level: 'info', text }]];
    });
    case 'error': return withPayload(state, env, ErrorSchema, (p) => {
      const text = `${p.code}: ${p.message}${p.id !== undefined ? ` (${p.id})` : ''}`;
      return [{ ...state, reply: { ok: false, text } }, [{ level: 'error', text: `server error ${text}` }]];
    });
    case 'pong': return [state, []];
    default: return [state, [{ level: 'warn', text: `unhandled ${env.topic} message '${env.type}'` }]];
  }
}

/** A campaign's grid, coordinates and ground truth; another run's preparation clears the previous campaign. */
function applyPrepared(state: DashboardState, p: z.infer<typeof PreparedSchema>): Result {
  const cleared = state.run?.runId === p.runId ? state : clearCampaign(state);
  const base = { ...cleared, preparing: null };
  const run = { ...base.run, runId: p.runId, name: p.name, workflow: p.workflow, budget: p.budget, direction: base.run?.direction ?? 'maximize' as const };
  const next = {
    ...base, run, grid: p.grid ?? null,
    coordinates: p.coordinates ? toFloat64(p.coordinates) : null,
    groundTruth: p.groundTruth ? toFloat64(p.groundTruth) : null,
    infeasible: p.infeasible ?? [],
  };
  const excluded = p.infeasible?.length ? `; ${p.infeasible.length} of ${p.candidates ?? '?'} candidates break the instrument's limits (grey)` : '';
  return [next, [{ level: 'info', text: `campaign ${p.name} (${p.workflow}) prepared: run ${p.runId}, budget ${p.budget}${excluded}` }]];
}

/** The `type` of an acknowledged request, or 'request'. */
function requestName(request: unknown): string {
  if (typeof request === 'string') return request;
  if (request && typeof request === 'object' && typeof (request as { type?: unknown }).type === 'string') return (request as { type: string }).type;
  return 'request';
}
