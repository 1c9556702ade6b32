import { type BackoffPolicy, DEFAULT_BACKOFF, backoffDelay } from '../backoff.ts';
import { type ClientMessage, subscribeMessage } from '../client-messages.ts';
import { type Envelope, acknowledges, parseEnvelope } from '../protocol.ts';

/** Connection state for the header badge: open, connecting, or closed and retrying after `retryMs`. */
export type ConnectionStatus = { readonly state: 'connecting' | 'open' } | { readonly state: 'closed'; readonly retryMs: number; readonly attempt: number };

export interface ConnectionHooks {
  readonly onEnvelope: (env: Envelope) => void;
  readonly onStatus: (status: ConnectionStatus) => void;
  /** A frame that is not a valid envelope (shown in the log; the connection stays). */
  readonly onBadFrame: (error: string) => void;
  /** Highest seq applied so far: a (re)connection subscribes with since = this. */
  readonly lastSeq: () => number;
  /** Messages to send first on every (re)connection, before the subscription (e.g. auth). */
  readonly greeting: () => readonly ClientMessage[];
  /**
   * The server acknowledged our subscription with a seq at or below the `since` we asked for: it is a new
   * server process (seq restarts at 1). The caller resets its state (lastSeq → 0); the connection then
   * resubscribes from 0. (Replayed duplicates are not a restart: the reducer just drops them.)
   */
  readonly onServerRestart: () => void;
}

/**
 * A WebSocket that reconnects by itself with exponential backoff and resubscribes to every topic from the
 * last seq seen, so that a reconnect resumes without a gap (duplicates are dropped by the reducer).
 */
export class LiveConnection {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The `since` of the current socket's subscription. */
  private since = 0;

  constructor(private readonly url: string, private readonly hooks: ConnectionHooks, private readonly backoff: BackoffPolicy = DEFAULT_BACKOFF) {}

  start(): void {
    if (this.closed) return;
    this.hooks.onStatus({ state: 'connecting' });
    const ws = new WebSocket(this.url);
    this.socket = ws;
    ws.onopen = () => {
      this.attempt = 0;
      for (const m of this.hooks.greeting()) ws.send(JSON.stringify(m));
      this.since = this.hooks.lastSeq();
      ws.send(JSON.stringify(subscribeMessage(this.since)));
      this.hooks.onStatus({ state: 'open' });
    };
    ws.onmessage = (ev) => {
      if (this.socket !== ws) return;
      if (typeof ev.data !== 'string') return this.hooks.onBadFrame('binary frame ignored');
      const parsed = parseEnvelope(ev.data);
      if (!parsed.ok) return this.hooks.onBadFrame(parsed.error);
      const env = parsed.envelope;
      if (this.since > 0 && env.seq <= this.since && acknowledges(env, 'subscribe')) return this.resubscribeFromStart(ws);
      this.hooks.onEnvelope(env);
    };
    ws.onclose = () => {
      if (this.socket !== ws) return;
      this.socket = null;
      if (this.closed) return;
      const retryMs = backoffDelay(this.attempt, this.backoff, jitter());
      this.hooks.onStatus({ state: 'closed', retryMs, attempt: this.attempt + 1 });
      this.attempt++;
      this.timer = setTimeout(() => this.start(), retryMs);
    };
  }

  /** A restarted server: drop this socket and connect again at once, subscribing from seq 0. */
  private resubscribeFromStart(ws: WebSocket): void {
    this.socket = null;
    ws.close();
    this.hooks.onServerRestart();
    this.start();
  }

  /** Closes the socket for good (no reconnection). */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.socket?.close();
    this.socket = null;
  }

  /** Sends a message when connected; false when not (the caller tells the user). */
  send(message: ClientMessage): boolean {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }
}

/** Jitter fraction in [0, 1) from the platform's crypto RNG (spreads reconnects of many dashboards). */
function jitter(): number {
  const v = new Uint32Array(1);
  crypto.getRandomValues(v);
  return v[0] / 2 ** 32;
}
