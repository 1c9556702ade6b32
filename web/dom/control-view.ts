import { type ClientMessage, authMessage, controlMessage, swapMessage } from '../client-messages.ts';
import type { ControlReply } from '../dashboard-state.ts';
import { byId } from './status-view.ts';

/** What the control card needs from the page: a way to send, and somewhere to report local problems. */
export interface ControlPort {
  send(message: ClientMessage): boolean;
  /** Shown in the reply line (e.g. "not connected", a bad swap config). */
  report(reply: ControlReply): void;
}

const BUTTONS = ['btn-pause', 'btn-resume', 'btn-stop', 'btn-swap'] as const;

/**
 * Wires the token field and the pause / resume / stop / swap buttons. Buttons are enabled once a token is
 * entered; each request is preceded by `auth` with the current token. Returns the token getter (for the
 * greeting on every reconnection).
 */
export function mountControls(port: ControlPort): () => string | null {
  const token = byId<HTMLInputElement>('token');
  let nextId = 1;
  const current = (): string | null => (token.value.trim() === '' ? null : token.value.trim());
  const refresh = (): void => {
    for (const id of BUTTONS) byId<HTMLButtonElement>(id).disabled = current() === null;
  };
  token.addEventListener('input', refresh);
  refresh();

  const request = (build: (id: string) => ClientMessage | string): void => {
    const t = current();
    if (t === null) return port.report({ ok: false, text: 'enter the token first' });
    const built = build(`c${nextId++}`);
    if (typeof built === 'string') return port.report({ ok: false, text: built });
    if (!port.send(authMessage(t)) || !port.send(built)) return port.report({ ok: false, text: 'not connected: request not sent' });
    port.report({ ok: true, text: `${built.type} sent, waiting for the server…` });
  };
  for (const kind of ['pause', 'resume', 'stop'] as const) {
    byId(`btn-${kind}`).addEventListener('click', () => request((id) => controlMessage(kind, id)));
  }
  byId('btn-swap').addEventListener('click', () => request((id) => {
    const r = swapMessage(byId<HTMLTextAreaElement>('swap-config').value, id);
    return r.ok ? r.message : r.error;
  }));
  return current;
}

/** Shows a control reply (server ack/error or a local problem) under the buttons. */
export function renderReply(reply: ControlReply | null): void {
  if (!reply) return;
  const el = byId('control-reply');
  el.dataset.ok = String(reply.ok);
  el.textContent = reply.text;
}
