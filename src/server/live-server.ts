import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { SessionLimits } from './client-session.ts';
import type { ControlTarget } from './control-dispatch.ts';
import { type DashboardLoad, dashboardLoader } from './dashboard-assets.ts';
import type { EventHub } from './event-hub.ts';
import { AuthThrottle } from './auth-throttle.ts';
import { httpHandler } from './http-routes.ts';
import { originAllowed, ownOrigins } from './origin-policy.ts';
import { acceptConnection } from './ws-connection.ts';

/** Largest inbound WebSocket frame (bytes); larger ones are refused (ws closes with 1009). */
export const MAX_FRAME_BYTES = 1024 * 1024;

export interface LiveServerOptions {
  readonly hub: EventHub;
  readonly control: ControlTarget;
  readonly token: string;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly log?: (message: string) => void;
  readonly limits?: SessionLimits;
  readonly dashboard?: () => Promise<DashboardLoad>;
  /** Browser origins allowed besides the server's own (normalised, e.g. https://lab.example:8443). */
  readonly allowOrigins?: readonly string[];
  /** Failed-token bookkeeping (default: a fresh one with the documented delays). */
  readonly throttle?: AuthThrottle;
}

/** A listening server: its address, and a close that ends every client. */
export interface LiveServer {
  readonly host: string;
  readonly port: number;
  /** The dashboard address, e.g. http://127.0.0.1:8765/. */
  readonly url: string;
  readonly http: Server;
  readonly wss: WebSocketServer;
  close(): Promise<void>;
}

/** Starts the HTTP + WebSocket server (`/ws`; permessage-deflate off, 1 MiB frames at most). */
export async function startLiveServer(o: LiveServerOptions): Promise<LiveServer> {
  const log = o.log ?? ((m: string) => process.stderr.write(`ferroloop serve: ${m}\n`));
  const throttle = o.throttle ?? new AuthThrottle();
  const http = createServer(httpHandler({ hub: o.hub, control: o.control, token: o.token, log, dashboard: o.dashboard ?? dashboardLoader(), throttle }));
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: MAX_FRAME_BYTES, skipUTF8Validation: true });
  let allowed = new Set<string>();
  let refusedOrigins = 0;
  http.on('upgrade', (req, socket, head) => {
    socket.on('error', () => undefined);
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      path = '';
    }
    if (path !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    if (!originAllowed(req.headers.origin, allowed)) {
      refusedOrigins += 1;
      if ((refusedOrigins & (refusedOrigins - 1)) === 0) log(`refused a WebSocket from origin ${JSON.stringify(req.headers.origin!.slice(0, 100))} (${refusedOrigins} so far; allow one with --allow-origin)`);
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      wss.emit('connection', ws, req); // for listeners (e.g. replay --wait-for-client); the server itself needs none
      acceptConnection(ws, req, { hub: o.hub, control: o.control, token: o.token, log, limits: o.limits, throttle });
    });
  });
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(o.port ?? 8765, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  allowed = new Set([...ownOrigins(host, port), ...(o.allowOrigins ?? []).map((x) => x.toLowerCase())]);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    host, port, url: `http://${shownHost}:${port}/`, http, wss,
    async close() {
      await closeClients(wss);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}

/** Closes every client with 1001, giving each up to `graceMs` to answer before the socket is cut. */
async function closeClients(wss: WebSocketServer, graceMs = 1000): Promise<void> {
  const clients = [...wss.clients];
  const closed = clients.map((ws) => new Promise<void>((resolve) => ws.once('close', () => resolve())));
  for (const ws of clients) ws.close(1001, 'server shutting down');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(closed), new Promise<void>((resolve) => { timer = setTimeout(resolve, graceMs); })]);
  clearTimeout(timer);
  for (const ws of wss.clients) ws.terminate();
}
