import type { DataKey, Descriptor, EventDoc, NamedDocument, RunStart, RunStop } from '../events/documents.ts';
import { flattenNested } from '../events/nested-array.ts';
import type { WireMessage } from './agent-envelopes.ts';

/** One moment of a recorded run: when it happened (Unix s) and what the server streams for it. */
export interface ReplayItem {
  readonly time: number;
  readonly messages: readonly WireMessage[];
}

/** What the replay knows of the run from its start document. */
export interface ReplayRunInfo {
  readonly runId: string;
  readonly name: string;
  readonly budget: number;
  readonly direction: 'maximize' | 'minimize';
}

/** Run id, name, budget and direction from a start document (its stored config); defaults when absent. */
export function replayRunInfo(start: RunStart): ReplayRunInfo {
  const config = (start.config ?? {}) as { name?: string; agent?: { budget?: number; direction?: string } };
  return {
    runId: typeof start.run_id === 'string' ? start.run_id : start.uid,
    name: config.name ?? 'replay',
    budget: config.agent?.budget ?? 0,
    direction: config.agent?.direction === 'minimize' ? 'minimize' : 'maximize',
  };
}

/**
 * The envelopes a live campaign would have sent, derived from its run log: every document on `run`, plus
 * `agent/state` (running, finished), `agent/progress` per primary event (best so far recomputed) and
 * `instrument/measured` frames from the event's `measurement:*` arrays and `command:pole/field`. Posterior
 * snapshots are not in a run log and are not derived.
 */
export function deriveReplay(docs: readonly NamedDocument[]): ReplayItem[] {
  const start = docs.find((d) => d[0] === 'start')?.[1] as RunStart | undefined;
  const info = start ? replayRunInfo(start) : { runId: '?', name: 'replay', budget: 0, direction: 'maximize' as const };
  const descriptors = new Map<string, Descriptor>();
  let best: { y: number; candidate: number } | undefined;
  let step = 0;
  return docs.map(([name, doc]): ReplayItem => {
    const messages: WireMessage[] = [{ topic: 'run', type: name, payload: doc }];
    if (name === 'start') messages.push({ topic: 'agent', type: 'agent/state', payload: { state: 'running', step: 0 } });
    if (name === 'descriptor') descriptors.set(doc.uid, doc as Descriptor);
    if (name === 'stop') {
      const stop = doc as RunStop;
      messages.push({ topic: 'agent', type: 'agent/state', payload: { state: 'finished', step, reason: stop.reason ?? stop.exit_status } });
    }
    if (name === 'event' && descriptors.get((doc as EventDoc).descriptor)?.name === 'primary') {
      const ev = doc as EventDoc;
      const d = ev.data as { step: number; candidate: number; y: number; instrument: string };
      step = d.step + 1;
      const better = best === undefined || (info.direction === 'maximize' ? d.y > best.y : d.y < best.y);
      if (better) best = { y: d.y, candidate: d.candidate };
      messages.unshift({ topic: 'frames', type: 'instrument/measured', payload: framePayload(ev, descriptors.get(ev.descriptor)!) });
      messages.push({
        topic: 'agent', type: 'agent/progress',
        payload: { step, budget: info.budget, candidate: d.candidate, y: d.y, instrument: d.instrument, best: best!.y, bestCandidate: best!.candidate },
      });
    }
    return { time: doc.time, messages };
  });
}

/**
 * The frame of a primary event: its `measurement:NAME` arrays, stored nested as declared (shape from the
 * nesting); logs written before arrays were nested hold flat lists, shaped by the data key (unknown 2-D as square).
 */
function framePayload(ev: EventDoc, descriptor: Descriptor): unknown {
  const arrays: Record<string, { shape: number[]; data: number[]; unit: string }> = {};
  let field: number[] | undefined;
  for (const [key, dk] of Object.entries(descriptor.data_keys)) {
    const nested = dk.dtype === 'array' ? flattenNested(ev.data[key]) : undefined;
    if (!nested) continue;
    if (dk.source === 'command:pole/field') field = nested.data;
    const m = /^measurement:([^/]+)$/.exec(dk.source);
    if (m) arrays[m[1]] = { shape: nested.shape.length === dk.shape.length ? nested.shape : shapeOf(dk, nested.data.length), data: nested.data, unit: dk.units ?? '' };
  }
  return {
    step: ev.data.step, candidate: ev.data.candidate, instrument: ev.data.instrument,
    command: field ? { kind: 'pole', field } : { kind: 'unknown' }, arrays,
  };
}

/** The shape of a flat (legacy) list of `length` values under data key `dk`. */
function shapeOf(dk: DataKey, length: number): number[] {
  if (dk.shape.every((s) => s !== null) && dk.shape.reduce<number>((a, b) => a * (b as number), 1) === length) return dk.shape as number[];
  if (dk.shape.length === 2) {
    const side = Math.round(Math.sqrt(length));
    if (side * side === length) return [side, side];
  }
  return [length];
}
