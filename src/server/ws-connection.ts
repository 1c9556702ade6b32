import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import { type ClientMessage, CONTROL_TYPES, type ControlRequest, parseClientFrame } from './client-messages.ts';
import { ClientSession, type SessionLimits } from './client-session.ts';
import { type ControlTarget, dispatchControl, echoRequest } from './control-dispatch.ts';
import { TOPICS, type Topic, type WireErrorCode } from './envelope.ts';
import type { EventHub } from './event-hub.ts';
import { ServerError } from './server-error.ts';
import { type AuthThrottle, MAX_AUTH_FAILURES_PER_CONNECTION } from './auth-throttle.ts';
import { tokenMatches } from './server-token.ts';

/** What every connection shares. */
export interface ConnectionContext {
  readonly hub: EventHub;
  readonly control: ControlTarget;
  readonly token: string;
  readonly log: (message: string) => void;
  readonly limits?: SessionLimits;
  /** Failed-token bookkeeping per address, shared with the HTTP routes. */
  readonly throttle: AuthThrottle;
}

/** The close code for a connection that failed authentication too often (policy violation). */
export const CLOSE_AUTH_FAILURES = 1008;

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
  private readonly address: string;
  private authFailures = 0;
  private refusalLogged = false;

  constructor(private readonly ws: WebSocket, req: IncomingMessage, private readonly ctx: ConnectionContext) {
    this.address = req.socket.remoteAddress ?? '?';
    this.who = `${this.address}:${req.socket.remotePort ?? '?'}`;
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
    if (token !== null && !this.authenticate(token, 'connect')) return;
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
        if (!this.authenticate(m.token, 'auth', m.id)) return;
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

  /** Refuses a control request from an observer (logged once per connection: one stderr line in the CLI). */
  private unauthorized(what: string, id?: Id): void {
    if (!this.refusalLogged) this.ctx.log(`refused '${what}' from ${this.who}: no valid token`);
    this.refusalLogged = true;
    this.fail('UNAUTHORIZED', `'${what}' needs a valid token (send {"type":"auth","token":…} first)`, id);
  }

  /**
   * Checks a token under the throttle: while the address is locked out the token is not even compared;
   * a failure is answered UNAUTHORIZED (never echoing the token), logged only at the 1st, 2nd, 4th, 8th …
   * failure of the address, and the connection is closed (1008) at its MAX_AUTH_FAILURES_PER_CONNECTION-th.
   */
  private authenticate(token: string, what: string, id?: Id): boolean {
    const { throttle } = this.ctx;
    const waitMs = throttle.retryAfterMs(this.address);
    if (waitMs === 0 && tokenMatches(this.ctx.token, token)) {
      throttle.succeed(this.address);
      this.session.controller = true;
      return true;
    }
    // A wrong token takes control rights away: a page whose token was replaced by a wrong one is an observer again.
    this.session.controller = false;
    this.authFailures += 1;
    if (waitMs > 0) {
      this.fail('UNAUTHORIZED', `too many failed attempts from this address: retry in ${Math.ceil(waitMs / 1000)} s`, id);
    } else {
      const { failures } = throttle.fail(this.address);
      if ((failures & (failures - 1)) === 0) this.ctx.log(`refused '${what}' from ${this.who}: wrong token (${failures} failed attempts from ${this.address})`);
      this.fail('UNAUTHORIZED', 'wrong token', id);
    }
    if (this.authFailures >= MAX_AUTH_FAILURES_PER_CONNECTION) {
      this.ctx.log(`closed ${this.who}: ${this.authFailures} failed attempts on one connection`);
      this.session.closeAfterQueued(CLOSE_AUTH_FAILURES, 'too many failed authentication attempts');
    }
    return false;
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
