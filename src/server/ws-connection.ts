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
  return new WsConnection(ws, req, ctx).session;
}

type Id = string | number | undefined;
const withId = (id: Id): { id?: string | number } => (id !== undefined ? { id } : {});

class WsConnection {
  readonly session: ClientSession;
  private readonly who: string;

  constructor(ws: WebSocket, req: IncomingMessage, private readonly ctx: ConnectionContext) {
    this.who = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
    this.session = new ClientSession(ws, ctx.limits, () => ctx.log(`client ${this.who} too slow: closed with 1013`));
    ctx.hub.attach(this.session);
    ws.on('close', () => {
      ctx.hub.detach(this.session);
      this.session.dispose();
    });
    ws.on('error', () => undefined);
    this.applyUrl(new URL(req.url ?? '/', 'http://localhost'));
    ws.on('message', (data: RawData, isBinary: boolean) => this.onFrame(data, isBinary));
  }

  private applyUrl(url: URL): void {
    const token = url.searchParams.get('token');
    if (token !== null) {
      if (tokenMatches(this.ctx.token, token)) this.session.controller = true;
      else this.unauthorized('connect');
    }
    const topics = url.searchParams.get('topics');
    if (topics === null) return;
    const list = topics.split(',').filter((t) => t !== '');
    const bad = list.find((t) => !(TOPICS as readonly string[]).includes(t));
    const since = Number(url.searchParams.get('since') ?? 0);
    if (bad !== undefined) this.fail('BAD_MESSAGE', `topics: unknown topic '${bad.slice(0, 50)}'`);
    else if (!Number.isInteger(since) || since < 0) this.fail('BAD_MESSAGE', 'since: expected a non-negative integer');
    else this.subscribe(list as Topic[], since);
  }

  /** One frame: whatever goes wrong is answered to this client alone (an `error` envelope), never thrown. */
  private onFrame(data: RawData, isBinary: boolean): void {
    let id: Id;
    try {
      if (isBinary) return this.fail('BAD_MESSAGE', 'binary frames are not accepted (send JSON text)');
      const text = rawText(data);
      if (text === undefined) return this.fail('BAD_MESSAGE', 'the frame is not valid UTF-8');
      const parsed = parseClientFrame(text);
      if (!parsed.ok) return this.fail(parsed.error.code, parsed.error.message, parsed.error.id);
      id = parsed.message.id;
      this.handle(parsed.message).catch((err: unknown) => this.internal(err, id));
    } catch (err) {
      this.internal(err, id);
    }
  }

  /** Answers a failed request: a ServerError with its code, anything else as INTERNAL (and one log line). */
  private internal(err: unknown, id: Id): void {
    try {
      const e = err instanceof ServerError ? err : undefined;
      const message = err instanceof Error ? err.message.split('\n')[0].slice(0, 500) : 'internal error';
      if (!e) this.ctx.log(`client ${this.who}: ${message}`);
      this.fail(e?.wireCode ?? 'INTERNAL', message, id);
    } catch {
      // the reply itself failed (socket gone): nothing more to tell this client
    }
  }

  private async handle(m: ClientMessage): Promise<void> {
    switch (m.type) {
      case 'subscribe':
        return this.reply('control/ack', { ...withId(m.id), request: echoRequest(m), replayed: this.subscribe(m.topics, m.since ?? 0) });
      case 'auth':
        if (!tokenMatches(this.ctx.token, m.token)) return this.unauthorized('auth', m.id);
        this.session.controller = true;
        return this.reply('control/ack', { ...withId(m.id), request: echoRequest(m) });
      case 'ping':
        return this.reply('pong', { id: m.id ?? null });
      default:
        if (!CONTROL_TYPES.has(m.type)) return this.fail('UNKNOWN_TYPE', `unknown message type '${m.type}'`, m.id);
        if (!this.session.controller) return this.unauthorized(m.type, m.id);
        return this.reply('control/ack', await dispatchControl(this.ctx.control, m as ControlRequest));
    }
  }

  private subscribe(topics: readonly Topic[], since: number): number {
    return this.session.subscribe(topics, (t, s) => this.ctx.hub.retention.since(t, s), since, (e) => this.ctx.hub.restamp(e));
  }

  private reply(type: string, payload: unknown): void {
    this.session.reply(this.ctx.hub.envelope('control', type, payload));
  }

  private fail(code: WireErrorCode, message: string, id?: Id): void {
    this.reply('error', { ...withId(id), code, message });
  }

  /** Refuses a control request from an observer, and logs it (one stderr line in the CLI). */
  private unauthorized(what: string, id?: Id): void {
    this.ctx.log(`refused '${what}' from ${this.who}: no valid token`);
    this.fail('UNAUTHORIZED', `'${what}' needs a valid token (send {"type":"auth","token":…} first)`, id);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The frame's text, or undefined when it is not valid UTF-8 (ws' own check is off, so that we answer). */
function rawText(data: RawData): string | undefined {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}
