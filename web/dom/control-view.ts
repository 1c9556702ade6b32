import { type ClientMessage, authMessage, controlMessage, startMessage, swapMessage } from '../client-messages.ts';
import { type ControlReply, type DashboardState, campaignActive } from '../dashboard-state.ts';
import { byId } from './status-view.ts';

/** What the control card needs from the page: a way to send, and somewhere to report local problems. */
export interface ControlPort {
  send(message: ClientMessage): boolean;
  /** Shown in the reply line (e.g. "not connected", a bad swap config). */
  report(reply: ControlReply): void;
}

/** Buttons that act on the running campaign. */
const CAMPAIGN_BUTTONS = ['btn-pause', 'btn-resume', 'btn-stop', 'btn-swap'] as const;

/** Which controls are usable: campaign buttons need the token and a campaign in progress, start needs no campaign in progress. */
export function controlsEnabled(hasToken: boolean, s: DashboardState): { campaign: boolean; start: boolean } {
  const active = campaignActive(s);
  return { campaign: hasToken && active && s.mode === 'live', start: hasToken && !active && s.mode === 'live' && s.configs.length > 0 };
}

/**
 * Wires the token field, the pause / resume / stop / swap buttons and the start control. Each request is preceded by
 * `auth` with the current token. Returns the token getter (for the greeting on every reconnection) and `update`,
 * which enables the controls for a state (disabled without a token, once the run ended, or in a replay).
 */
export function mountControls(port: ControlPort): { token: () => string | null; update: (s: DashboardState) => void } {
  const token = byId<HTMLInputElement>('token');
  const select = byId<HTMLSelectElement>('start-config');
  let nextId = 1;
  let state: DashboardState | null = null;
  let listed = '';
  const current = (): string | null => (token.value.trim() === '' ? null : token.value.trim());
  const refresh = (): void => {
    const enabled = state ? controlsEnabled(current() !== null, state) : { campaign: false, start: false };
    for (const id of CAMPAIGN_BUTTONS) byId<HTMLButtonElement>(id).disabled = !enabled.campaign;
    byId<HTMLButtonElement>('btn-start').disabled = !enabled.start;
    select.disabled = !enabled.start;
  };
  const update = (s: DashboardState): void => {
    state = s;
    const names = s.configs.join('\n');
    if (names !== listed) {
      listed = names;
      const options = s.configs.map((c) => Object.assign(document.createElement('option'), { value: c, textContent: c }));
      select.replaceChildren(...(options.length ? options : [Object.assign(document.createElement('option'), { value: '', textContent: '(no configs listed)' })]));
      const preferred = s.configs.find((c) => c === 'latent-bo.json');
      if (preferred) select.value = preferred;
    }
    refresh();
  };
  token.addEventListener('input', refresh);
  refresh();

  const request = (build: (id: string) => ClientMessage | string): void => {
    const t = current();
    if (t === null) return port.report({ ok: false, text: 'enter the token first' });
    const built = build(`c${nextId++}`);
    if (typeof built === 'string') return port.report({ ok: false, text: built });
    if (!port.send(authMessage(t)) || !port.send(built)) return port.report({ ok: false, text: 'not connected: request not sent' });
    port.report({ ok: true, pending: true, text: `${built.type} sent, waiting for the server…` });
  };
  for (const kind of ['pause', 'resume', 'stop'] as const) {
    byId(`btn-${kind}`).addEventListener('click', () => request((id) => controlMessage(kind, id)));
  }
  byId('btn-swap').addEventListener('click', () => request((id) => {
    const r = swapMessage(byId<HTMLTextAreaElement>('swap-config').value, id);
    return r.ok ? r.message : r.error;
  }));
  byId('btn-start').addEventListener('click', () => request((id) => (select.value ? startMessage(select.value, id) : 'choose a config to start')));
  return { token: current, update };
}

/** Shows a control reply (server ack/error or a local problem) under the buttons. */
export function renderReply(reply: ControlReply | null): void {
  if (!reply) return;
  const el = byId('control-reply');
  el.dataset.ok = reply.pending ? 'pending' : String(reply.ok);
  el.textContent = reply.text;
}
