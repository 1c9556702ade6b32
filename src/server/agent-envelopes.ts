import type { AgentEvent } from '../agents/agent-types.ts';
import type { CampaignConfig } from '../config.ts';
import type { Command, Measurement } from '../drivers/instrument.ts';
import type { PreparedWorkflow } from '../agents/workflows/prepared-workflow.ts';
import type { Topic } from './envelope.ts';

/** A message ready for the hub: topic, type and a JSON-ready payload. */
export interface WireMessage {
  readonly topic: Topic;
  readonly type: string;
  readonly payload: unknown;
}

/** The wire form of an agent event (typed arrays become number lists; σ = √variance). */
export function agentEventMessage(e: AgentEvent): WireMessage {
  if (e.kind === 'document') return { topic: 'run', type: e.doc[0], payload: e.doc[1] };
  switch (e.type) {
    case 'model/posterior':
      return {
        topic: 'model', type: e.type,
        payload: { step: e.payload.step, mean: Array.from(e.payload.mean), std: Array.from(e.payload.variance, (v) => Math.sqrt(Math.max(0, v))) },
      };
    case 'instrument/measured':
      return { topic: 'frames', type: e.type, payload: { step: e.payload.step, candidate: e.payload.candidate, ...measurementPayload(e.payload.measurement) } };
    default:
      return { topic: 'agent', type: e.type, payload: e.payload };
  }
}

/** A measurement's instrument, command summary ({kind, field?}) and arrays as plain lists. */
export function measurementPayload(m: Measurement): { instrument: string; command: { kind: string; field?: number[] }; arrays: Record<string, { shape: number[]; data: number[]; unit: string }> } {
  const arrays: Record<string, { shape: number[]; data: number[]; unit: string }> = {};
  for (const [name, a] of Object.entries(m.arrays)) arrays[name] = { shape: [...a.shape], data: Array.from(a.data), unit: a.unit };
  return { instrument: m.instrument, command: commandSummary(m.command), arrays };
}

function commandSummary(c: Command): { kind: string; field?: number[] } {
  return c.kind === 'pole' || c.kind === 'simulate' ? { kind: c.kind, field: Array.from(c.field) } : { kind: c.kind };
}

/**
 * The `campaign/prepared` message: what a dashboard needs to draw maps (grid, m x 2 coordinates, ground truth), and
 * `infeasible`: the indices of candidates excluded by the instrument's limits (greyed out).
 */
export function preparedMessage(prepared: PreparedWorkflow, runId: string, config: CampaignConfig): WireMessage {
  return {
    topic: 'agent', type: 'campaign/prepared',
    payload: {
      runId, name: config.name, workflow: config.workflow.kind, budget: config.agent.budget,
      ...(prepared.grid ? { grid: prepared.grid } : {}),
      ...(prepared.coordinates ? { coordinates: Array.from(prepared.coordinates) } : {}),
      ...(prepared.groundTruth ? { groundTruth: Array.from(prepared.groundTruth) } : {}),
      ...(prepared.infeasible ? { candidates: prepared.infeasible.length, infeasible: maskIndices(prepared.infeasible) } : {}),
    },
  };
}

/** Indices i where mask[i] is set. */
function maskIndices(mask: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) out.push(i);
  return out;
}
