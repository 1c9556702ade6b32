import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTROL_TYPES, type ControlRequest, parseClientFrame } from './client-messages.ts';
import { type ControlTarget, dispatchControl } from './control-dispatch.ts';
import type { DashboardLoad } from './dashboard-assets.ts';
import type { WireErrorCode } from './envelope.ts';
import type { EventHub } from './event-hub.ts';
import { ServerError } from './server-error.ts';
import type { AuthThrottle } from './auth-throttle.ts';
import { bearerToken, tokenMatches } from './server-token.ts';

export interface HttpContext {
  readonly hub: EventHub;
  readonly control: ControlTarget;
  readonly token: string;
  readonly log: (message: string) => void;
  readonly dashboard: () => Promise<DashboardLoad>;
  readonly throttle: AuthThrottle;
}

const MAX_BODY_BYTES = 1024 * 1024;
const ASSETS: Record<string, { key: 'html' | 'js' | 'css'; type: string }> = {
  '/': { key: 'html', type: 'text/html; charset=utf-8' },
  '/index.html': { key: 'html', type: 'text/html; charset=utf-8' },
  '/app.js': { key: 'js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { key: 'css', type: 'text/css; charset=utf-8' },
};

/** HTTP routes: the dashboard, GET /api/state, POST /api/control (Bearer token). */
export function httpHandler(ctx: HttpContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(ctx, req, res).catch((err: unknown) => {
      ctx.log(`http ${req.method} ${req.url}: ${(err as Error).message}`);
      if (!res.headersSent) send(res, 500, { error: { code: 'INTERNAL', message: 'internal error' } });
    });
  };
}

async function route(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const asset = ASSETS[path];
  if (asset || path === '/api/state') {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: { code: 'BAD_MESSAGE', message: 'use GET' } });
    if (path === '/api/state') {
      return send(res, 200, { campaign: ctx.control.status(), seq: ctx.hub.lastSeq, mode: ctx.control.mode ?? 'live', configs: ctx.control.configs?.() ?? [] });
    }
    const loaded = await ctx.dashboard();
    if (!loaded.ok) return sendText(res, 503, 'text/plain; charset=utf-8', `${loaded.reason}\n`);
    return sendText(res, 200, asset.type, loaded.assets[asset.key]);
  }
  if (path === '/api/control') {
    if (req.method !== 'POST') return send(res, 405, { error: { code: 'BAD_MESSAGE', message: 'use POST' } });
    return control(ctx, req, res);
  }
  send(res, 404, { error: { code: 'BAD_MESSAGE', message: `no route ${path}` } });
}

async function control(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const fail = (status: number, code: WireErrorCode, message: string): void => send(res, status, { error: { code, message } });
  const address = req.socket.remoteAddress ?? '?';
  const waitMs = ctx.throttle.retryAfterMs(address);
  if (waitMs > 0) {
    res.setHeader('retry-after', String(Math.ceil(waitMs / 1000)));
    return fail(429, 'UNAUTHORIZED', `too many failed attempts from this address: retry in ${Math.ceil(waitMs / 1000)} s`);
  }
  if (!tokenMatches(ctx.token, bearerToken(req.headers.authorization))) {
    const { failures } = ctx.throttle.fail(address);
    if ((failures & (failures - 1)) === 0) ctx.log(`refused POST /api/control from ${address}: no valid token (${failures} failed attempts from this address)`);
    return fail(401, 'UNAUTHORIZED', 'POST /api/control needs Authorization: Bearer TOKEN');
  }
  ctx.throttle.succeed(address);
  const body = await readBody(req);
  if (body === undefined) return fail(413, 'TOO_LARGE', `body larger than ${MAX_BODY_BYTES} bytes`);
  const parsed = parseClientFrame(body);
  if (!parsed.ok) return fail(400, parsed.error.code, parsed.error.message);
  if (!CONTROL_TYPES.has(parsed.message.type)) return fail(400, 'UNKNOWN_TYPE', `'${parsed.message.type}' is not a control message`);
  try {
    send(res, 200, await dispatchControl(ctx.control, parsed.message as ControlRequest));
  } catch (err) {
    if (!(err instanceof ServerError)) throw err;
    fail(err.wireCode === 'BAD_CONFIG' ? 400 : 409, err.wireCode, err.message);
  }
}

/** Reads a request body as text; undefined when it exceeds the limit. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.resume();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  sendText(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, type: string, text: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
