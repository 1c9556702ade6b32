import type { DataKey, Descriptor, EventDoc, NamedDocument, RunStart } from '../events/documents.ts';
import { FerroloopError } from '../errors.ts';
import type { ResumedRun } from './agent-types.ts';
import { type CampaignData, appendPoint, emptyCampaign } from './campaign-data.ts';
import type { SearchSpace } from './search-space.ts';

/** Data keys of the `primary` stream: one event per measurement. */
export function primaryDataKeys(space: SearchSpace): Record<string, DataKey> {
  return {
    step: { source: 'agent:step', dtype: 'integer', shape: [] },
    candidate: { source: `space:${space.name}/index`, dtype: 'integer', shape: [] },
    x: { source: `space:${space.name}/features`, dtype: 'array', shape: [space.candidates.cols] },
    y: { source: 'agent:objective', dtype: 'number', shape: [] },
    instrument: { source: 'agent:instrument', dtype: 'string', shape: [] },
    phase: { source: 'agent:phase', dtype: 'string', shape: [] },
    ...space.dataKeys(),
  };
}

/** Data keys of the `model` stream: one event per surrogate-driven proposal. */
export function modelDataKeys(surrogate: string, acquisition: string): Record<string, DataKey> {
  return {
    step: { source: 'agent:step', dtype: 'integer', shape: [] },
    candidate: { source: `acquisition:${acquisition}/argmax`, dtype: 'integer', shape: [] },
    acquisition_value: { source: `acquisition:${acquisition}`, dtype: 'number', shape: [] },
    predicted_mean: { source: `surrogate:${surrogate}/mean`, dtype: 'number', shape: [] },
    predicted_std: { source: `surrogate:${surrogate}/std`, dtype: 'number', shape: [] },
    fit_ms: { source: `surrogate:${surrogate}/fit`, dtype: 'number', shape: [], units: 'ms' },
  };
}

/**
 * Data keys of the `failed_actions` stream: one event per sample action (`*TRG`, `SPEC:RUN`) that went to the wire
 * but whose measurement failed; with the primary events they account for every action the sample received.
 */
export function failedActionDataKeys(space: SearchSpace): Record<string, DataKey> {
  return {
    step: { source: 'agent:step', dtype: 'integer', shape: [] },
    candidate: { source: `space:${space.name}/index`, dtype: 'integer', shape: [] },
    instrument: { source: 'agent:instrument', dtype: 'string', shape: [] },
    command: { source: 'instrument:action/command', dtype: 'string', shape: [] },
    sent: { source: 'instrument:action/sent', dtype: 'string', shape: [] },
    completed: { source: 'instrument:action/completed', dtype: 'boolean', shape: [] },
    error_code: { source: 'instrument:error/code', dtype: 'string', shape: [] },
    error: { source: 'instrument:error/message', dtype: 'string', shape: [] },
  };
}

/** Rebuilds a run from its documents: refuses a finished run or one whose events do not fit the space. */
export function resumeFromDocuments(docs: readonly NamedDocument[], space: SearchSpace): ResumedRun {
  const start = docs.find((d) => d[0] === 'start')?.[1] as RunStart | undefined;
  if (!start) throw new FerroloopError('RUNLOG_CORRUPT', 'run log has no start document');
  if (docs.some((d) => d[0] === 'stop')) throw new FerroloopError('INPUT_INVALID', `run ${start.uid} already finished (its log has a stop document)`);
  const descriptors = docs.filter((d) => d[0] === 'descriptor').map((d) => d[1] as Descriptor);
  const primary = descriptors.find((d) => d.name === 'primary');
  const model = descriptors.find((d) => d.name === 'model');
  if (!primary && docs.some((d) => d[0] === 'event')) throw new FerroloopError('RUNLOG_CORRUPT', 'run log has events but no primary descriptor');
  let data: CampaignData = emptyCampaign(space.candidates.rows);
  const nextSeq = { primary: 1, model: 1 };
  const proposals: { step: number; candidate: number }[] = [];
  for (const [name, doc] of docs) {
    if (name !== 'event') continue;
    const ev = doc as EventDoc;
    if (ev.descriptor === model?.uid) {
      nextSeq.model = ev.seq_num + 1;
      proposals.push({ step: ev.data.step as number, candidate: ev.data.candidate as number });
    }
    if (ev.descriptor !== primary?.uid) continue;
    nextSeq.primary = ev.seq_num + 1;
    const candidate = ev.data.candidate as number;
    if (!Number.isInteger(candidate) || candidate < 0 || candidate >= space.candidates.rows) {
      throw new FerroloopError('RUNLOG_CORRUPT', `event ${ev.seq_num}: candidate ${candidate} is not in the search space`);
    }
    const d = space.candidates.cols;
    data = appendPoint(data, {
      step: ev.data.step as number, candidate, y: ev.data.y as number, instrument: ev.data.instrument as string,
      x: space.candidates.data.slice(candidate * d, (candidate + 1) * d),
    });
  }
  // The proposals of the last batch not yet measured (a batch's model events are all logged before its measurements).
  const pending = proposals.filter((p) => p.step >= data.points.length && !data.measured[p.candidate]).map((p) => p.candidate);
  return { start, primary, model, data, nextSeq, ...(pending.length > 0 ? { pendingCandidates: pending } : {}) };
}

/** Arrays to plain lists for JSON documents. */
export function plainArray(a: ArrayLike<number>): number[] {
  return Array.from(a);
}
