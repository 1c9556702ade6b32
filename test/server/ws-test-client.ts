import { WebSocket } from 'ws';
import type { Envelope } from '../../src/server/envelope.ts';

/** A real `ws` client that records every envelope and lets a test await the next matching one. */
export class TestClient {
  readonly received: Envelope[] = [];
  private waiters: { pred: (e: Envelope) => boolean; resolve: (e: Envelope) => void; from: number }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private static requests = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const e = JSON.parse(data.toString()) as Envelope;
      this.received.push(e);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(e)) return true;
        w.resolve(e);
        return false;
      });
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Opens a connection to `ws://host:port/ws?query`. */
  static async open(port: number, query = '', options: ConstructorParameters<typeof WebSocket>[2] = {}): Promise<TestClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${query ? `?${query}` : ''}`, { perMessageDeflate: false, ...options });
    const client = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first envelope (already received or future) matching `pred`, after index `from`. */
  next(pred: (e: Envelope) => boolean, from = 0): Promise<Envelope> {
    const seen = this.received.slice(from).find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ pred, resolve, from }));
  }

  /** Sends a request with an id and awaits the control reply (ack, pong or error) carrying that id. */
  async request(message: Record<string, unknown>): Promise<Envelope> {
    const id = `r${++TestClient.requests}`;
    const from = this.received.length;
    this.send({ ...message, id });
    return this.next((e) => e.topic === 'control' && (e.payload as { id?: unknown }).id === id, from);
  }

  close(): Promise<{ code: number; reason: string }> {
    this.ws.close();
    return this.closed;
  }
}
