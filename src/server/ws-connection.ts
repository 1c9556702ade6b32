import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import { type ClientMessage, CONTROL_TYPES, type ControlRequest, parseClientFrame } from './client-messages.ts';
import { ClientSession, type SessionLimits } from './client-session.ts';
import { type ControlTarget, dispatchControl, echoRequest } from './control-dispatch.ts';
import { TOPICS, type Topic, type WireErrorCode } from './envelope.ts';
import type { EventHub } from './event-hub.ts';
import { ServerError } from './server-error.ts';
import { tokenMatches } from './server-token.ts';

/** What every connection shares. */
export interface ConnectionContext {
  readonly hub: EventHub;
  readonly control: ControlTarget;
  readonly token: string;
  readonly log: (message: string) => void;
  readonly limits?: SessionLimits;
}

/**
 * Serves one WebSocket client: URL options (`?topics=run,agent&since=42&token=…`), then every text frame
 * zod-validated and answered; bad frames get an `error` reply and the socket stays open.
 */
export function acceptConnection(ws: WebSocket, req: IncomingMessage, ctx: ConnectionContext): ClientSession {
  const who = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
  const session = new ClientSession(ws, ctx.limits, () => ctx.log(`client ${who} too slow: closed with 1013`));
  const reply = (type: string, payload: unknown): void => session.reply(ctx.hub.envelope('control', type, payload));
  const fail = (code: WireErrorCode, message: string, id?: string | number): void => reply('error', { ...(id !== undefined ? { id } : {}), code, message });
  ctx.hub.attach(session);
  ws.on('close', () => {
    ctx.hub.detach(session);
    session.dispose();
  });
  ws.on('error', () => undefined);

  const url = new URL(req.url ?? '/', 'http://localhost');
  const urlToken = url.searchParams.get('token');
  if (urlToken !== null) {
    if (tokenMatches(ctx.token, urlToken)) session.controller = true;
    else unauthorized(ctx, who, 'connect', fail);
  }
  const topics = url.searchParams.get('topics');
  if (topics !== null) {
    const list = topics.split(',').filter((t) => t !== '');
    const bad = list.find((t) => !(TOPICS as readonly string[]).includes(t));
    const since = Number(url.searchParams.get('since') ?? 0);
    if (bad !== undefined) fail('BAD_MESSAGE', `topics: unknown topic '${bad.slice(0, 50)}'`);
    else if (!Number.isInteger(since) || since < 0) fail('BAD_MESSAGE', 'since: expected a non-negative integer');
    else session.subscribe(list as Topic[], (t, s) => ctx.hub.retention.since(t, s), since);
  }

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) return fail('BAD_MESSAGE', 'binary frames are not accepted (send JSON text)');
    const parsed = parseClientFrame(rawText(data));
    if (!parsed.ok) return fail(parsed.error.code, parsed.error.message, parsed.error.id);
    handle(parsed.message).catch((err: unknown) => {
      const e = err instanceof ServerError ? err : undefined;
      if (!e) ctx.log(`client ${who}: ${(err as Error).message}`);
      fail(e?.wireCode ?? 'INTERNAL', (err as Error).message, parsed.message.id);
    });
  });

  async function handle(m: ClientMessage): Promise<void> {
    switch (m.type) {
      case 'subscribe': {
        const replayed = session.subscribe(m.topics, (t, s) => ctx.hub.retention.since(t, s), m.since ?? 0);
        return reply('control/ack', { ...(m.id !== undefined ? { id: m.id } : {}), request: echoRequest(m), replayed });
      }
      case 'auth':
        if (!tokenMatches(ctx.token, m.token)) return unauthorized(ctx, who, 'auth', fail, m.id);
        session.controller = true;
        return reply('control/ack', { ...(m.id !== undefined ? { id: m.id } : {}), request: echoRequest(m) });
      case 'ping':
        return reply('pong', { id: m.id ?? null });
      default:
        if (!CONTROL_TYPES.has(m.type)) return fail('UNKNOWN_TYPE', `unknown message type '${m.type}'`, m.id);
        if (!session.controller) return unauthorized(ctx, who, m.type, fail, m.id);
        return reply('control/ack', await dispatchControl(ctx.control, m as ControlRequest));
    }
  }
  return session;
}

function unauthorized(ctx: ConnectionContext, who: string, what: string, fail: (c: WireErrorCode, m: string, id?: string | number) => void, id?: string | number): void {
  ctx.log(`refused '${what}' from ${who}: no valid token`);
  fail('UNAUTHORIZED', `'${what}' needs a valid token (send {"type":"auth","token":…} first)`, id);
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
