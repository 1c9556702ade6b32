import type { DashboardState } from '../dashboard-state.ts';
import { formatClock, formatNumber } from '../format.ts';
import { bestPoint } from '../series.ts';
import type { ConnectionStatus } from './connection.ts';

/** Looks up an element by id (the page skeleton is web/index.html); throws when the page lacks it. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`dashboard page lacks #${id}`);
  return el as T;
}

function setText(id: string, text: string): void {
  const el = byId(id);
  if (el.textContent !== text) el.textContent = text;
}

/** Header badge of the connection. */
export function renderConnection(status: ConnectionStatus): void {
  const el = byId('connection');
  el.dataset.state = status.state;
  if (status.state === 'closed') el.textContent = `offline, retry ${status.attempt} in ${(status.retryMs / 1000).toFixed(1)} s`;
  else el.textContent = status.state === 'open' ? 'live' : 'connecting…';
}

/** Header (run, agent state) and the agent & instrument card. */
export function renderStatus(s: DashboardState): void {
  const agent = byId('agent-state');
  agent.dataset.state = s.agent?.state ?? 'none';
  agent.textContent = s.agent ? `agent ${s.agent.state}` : s.run ? 'preparing' : 'no campaign';
  setText('run-id', s.run?.runId ?? '–');
  setText('workflow', s.run ? `${s.run.workflow}${s.run.exitStatus ? ` · ${s.run.exitStatus}` : ''}` : '');
  const budget = s.progress?.budget ?? s.run?.budget ?? 0;
  const done = s.points.length;
  setText('step', budget > 0 ? `${done} / ${budget}` : String(done));
  byId('progress-bar').style.width = `${budget > 0 ? Math.min(100, (100 * done) / budget) : 0}%`;
  const best = s.run ? bestPoint(s.points, s.run.direction) : null;
  setText('best', best ? `${formatNumber(best.y)} at candidate ${best.candidate} (step ${best.step})` : '–');
  const last = s.points.at(-1);
  setText('last-y', last ? `${formatNumber(last.y)} (step ${last.step})` : '–');
  setText('instrument', s.instrument ?? '–');
  setText('swaps', String(s.swaps));
  setText('failures', String(s.failures));
  setText('last-seq', String(s.lastSeq));
}

/** Whether the log follows new entries: true until the reader scrolls up, true again back at the bottom. */
let followLog = true;
let logWatched = false;

/** Rebuilds the event log list (newest at the bottom), keeping it scrolled to the end unless the reader scrolled up. */
export function renderLog(s: DashboardState): void {
  const list = byId<HTMLOListElement>('log');
  if (!logWatched) {
    logWatched = true;
    list.addEventListener('scroll', () => { followLog = list.scrollHeight - list.scrollTop - list.clientHeight < 24; });
  }
  const items = s.log.map((e) => {
    const li = document.createElement('li');
    li.dataset.level = e.level;
    const seq = document.createElement('span');
    seq.className = 'seq';
    seq.textContent = `#${e.seq}`;
    li.append(seq, `${formatClock(e.ts)}  ${e.text}`);
    return li;
  });
  list.replaceChildren(...items);
  if (followLog) list.scrollTop = list.scrollHeight;
}
