import { type DashboardState, runEnded } from '../dashboard-state.ts';
import { formatClock, formatNumber } from '../format.ts';
import { campaignQuality } from '../quality.ts';
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

/**
 * The agent badge: one phrase that agrees with the header. Once the stop document arrived it names the run's exit
 * status ("run ended: abort"), before that the agent's state, during preparation its stage; a replay says so.
 */
export function badgeOf(s: DashboardState): { state: string; text: string } {
  const replay = s.mode === 'replay' ? 'replay · ' : '';
  if (s.run?.exitStatus) return { state: `ended-${s.run.exitStatus}`, text: `${replay}run ended: ${s.run.exitStatus}` };
  if (s.agent?.state === 'finished') return { state: 'ended-fail', text: `${replay}finished${s.agent.reason ? `: ${s.agent.reason}` : ''}` };
  if (s.agent) return { state: s.mode === 'replay' && s.agent.state === 'running' ? 'replay' : s.agent.state, text: `${replay}agent ${s.agent.state}` };
  if (s.preparing) return { state: 'preparing', text: `${replay}preparing${s.preparing.stage === 'starting' ? '' : `: ${s.preparing.stage}`}` };
  if (s.run) return { state: 'preparing', text: `${replay}preparing` };
  return { state: s.mode === 'replay' ? 'replay' : 'none', text: s.mode === 'replay' ? 'replay: waiting for the run' : 'no campaign' };
}

/** The preparation line: stage, units done of total and the detail (e.g. an epoch's losses). */
export function phaseText(s: DashboardState): string | null {
  const p = s.preparing;
  if (!p || s.agent) return null;
  if (p.stage === 'starting') return `preparing ${p.name}…`;
  const unit = p.stage === 'vae' ? 'epoch' : 'run';
  return `${p.stage}: ${unit} ${p.done} / ${p.total}${p.detail ? ` · ${p.detail}` : ''}`;
}

/** Header (run, agent state) and the agent & instrument card. */
export function renderStatus(s: DashboardState): void {
  const agent = byId('agent-state');
  const badge = badgeOf(s);
  agent.dataset.state = badge.state;
  agent.textContent = badge.text;
  setText('run-id', s.run?.runId ?? '–');
  setText('workflow', s.run ? `${s.run.workflow}${s.run.exitStatus ? ` · ${s.run.exitStatus}` : ''}` : '');
  const phase = byId('phase');
  const pt = phaseText(s);
  phase.hidden = pt === null;
  setText('phase', pt ?? '');
  if (pt !== null && s.preparing && s.preparing.total > 0) {
    byId('progress-bar').style.width = `${Math.min(100, (100 * s.preparing.done) / s.preparing.total)}%`;
  }
  renderQuality(s);
  const budget = s.progress?.budget ?? s.run?.budget ?? 0;
  const done = s.points.length;
  setText('step', budget > 0 ? `${done} / ${budget}` : String(done));
  if (pt === null) byId('progress-bar').style.width = `${budget > 0 ? Math.min(100, (100 * done) / budget) : 0}%`;
  const best = s.run ? bestPoint(s.points, s.run.direction) : null;
  setText('best', best ? `${formatNumber(best.y)} at candidate ${best.candidate} (step ${best.step})` : '–');
  const last = s.points.at(-1);
  setText('last-y', last ? `${formatNumber(last.y)} (step ${last.step})` : '–');
  setText('instrument', s.instrument ?? '–');
  setText('swaps', String(s.swaps));
  setText('failures', String(s.failures));
  setText('last-seq', String(s.lastSeq));
}

/** The "how good is it" rows: best over the true best, evaluations to 99 %, the random-search expectation, R². */
function renderQuality(s: DashboardState): void {
  const q = campaignQuality(s);
  const none = s.groundTruth ? '–' : 'no ground truth';
  setText('q-best', q.bestOverTrue === null ? none : `${q.bestOverTrue.toFixed(3)} (true best ${formatNumber(q.trueBest)})`);
  setText('q-to99', q.trueBest === null ? none : q.evaluationsTo99 === null ? `not yet (${s.points.length} measured)` : String(q.evaluationsTo99));
  setText('q-random', q.randomExpected === null ? none : `expects ${q.randomExpected.toFixed(1)} to reach 99 %`);
  setText('q-r2', q.r2 === null ? (s.groundTruth ? 'waiting for the first posterior' : none) : q.r2.toFixed(3));
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
