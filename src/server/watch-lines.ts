import type { Envelope } from './envelope.ts';

/** Compact number for terminal lines. */
const num = (v: unknown): string => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(5)) : String(v));

/**
 * One terminal line for an envelope (`ferroloop watch`), or undefined for envelopes not worth a line.
 * Progress lines are marked so that a TTY can overwrite them in place.
 */
export function watchLine(e: Envelope): { text: string; progress?: boolean } | undefined {
  const p = (e.payload ?? {}) as Record<string, unknown>;
  switch (e.type) {
    case 'campaign/prepared':
      return { text: `campaign ${p.name} (${p.workflow}) run ${p.runId}, budget ${p.budget}${p.grid ? `, ${gridText(p.grid)}` : ''}` };
    case 'campaign/preparing':
      return { text: p.stage === 'starting' ? `campaign ${p.name}: preparing` : `preparing ${p.stage} ${p.done}/${p.total}${p.detail ? `  ${p.detail}` : ''}`, progress: p.stage !== 'starting' };
    case 'agent/state':
      return { text: `agent ${p.state} at step ${p.step}${p.reason ? ` (${p.reason})` : ''}` };
    case 'agent/progress':
      // One step rule for people: "step N" is the run log's event `step` key, counted from 0 (as the dashboard and
      // every other status line); agent/progress carries the count of measurements done (= that step + 1), shown as done/budget.
      return { text: `step ${Number(p.step) - 1} (${p.step}/${p.budget} done)  y=${num(p.y)} at ${p.candidate}  best=${num(p.best)} at ${p.bestCandidate}  [${p.instrument}]`, progress: true };
    case 'instrument/failed':
      return { text: `instrument failed at step ${p.step} (attempt ${p.attempt}${p.willRetry ? ', retrying' : ''}): ${p.code} ${p.message}` };
    case 'instrument/swapped':
      return { text: `instrument swapped at step ${p.step}: ${p.from} → ${p.to}` };
    case 'model/posterior':
      return { text: `model at step ${p.step}: ${posteriorText(p.mean, p.std)}`, progress: true };
    case 'instrument/measured':
      return { text: `measured step ${p.step} candidate ${p.candidate}: ${arraysText(p.arrays)}`, progress: true };
    case 'error':
      return { text: `server error ${p.code}: ${p.message}` };
    default:
      return e.topic === 'run' ? runLine(e.type, p) : undefined;
  }
}

function runLine(type: string, p: Record<string, unknown>): { text: string } | undefined {
  if (type === 'start') return { text: `run start ${p.run_id ?? p.uid}` };
  if (type === 'stop') return { text: `run stop: ${p.exit_status}${p.reason ? ` (${p.reason})` : ''}` };
  if (type === 'descriptor') return { text: `stream ${p.name ?? '?'}: ${Object.keys((p.data_keys ?? {}) as object).join(', ')}` };
  return undefined;
}

function gridText(grid: unknown): string {
  const g = grid as { nx: number; ny: number; xLabel: string; yLabel: string };
  return `grid ${g.nx}×${g.ny} (${g.xLabel}, ${g.yLabel})`;
}

function posteriorText(mean: unknown, std: unknown): string {
  if (!Array.isArray(mean) || !Array.isArray(std) || mean.length === 0) return 'empty';
  let best = 0;
  for (let i = 1; i < mean.length; i += 1) if ((mean[i] as number) > (mean[best] as number)) best = i;
  const meanStd = (std as number[]).reduce((a, b) => a + b, 0) / std.length;
  return `max mean ${num(mean[best])} at ${best}, mean σ ${num(meanStd)} over ${mean.length} candidates`;
}

function arraysText(arrays: unknown): string {
  const entries = Object.entries((arrays ?? {}) as Record<string, { shape: number[] }>);
  return entries.map(([name, a]) => `${name}[${(a.shape ?? []).join('×')}]`).join(' ') || 'no arrays';
}
