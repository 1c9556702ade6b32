import { TOPICS, type Topic } from './protocol.ts';

/** Client → server messages the dashboard sends (see the wire protocol). */
export type ClientMessage =
  | { readonly type: 'subscribe'; readonly topics: readonly Topic[]; readonly since: number }
  | { readonly type: 'auth'; readonly token: string }
  | { readonly type: 'pause' | 'resume' | 'stop'; readonly id: string }
  | { readonly type: 'swap'; readonly id: string; readonly instrument: Record<string, unknown> }
  | { readonly type: 'start'; readonly id: string; readonly config: string };

/** Subscribe to every topic, replaying everything after `since` (the last seq seen; 0 = from the start). */
export function subscribeMessage(since: number): ClientMessage {
  return { type: 'subscribe', topics: [...TOPICS], since };
}

export function authMessage(token: string): ClientMessage {
  return { type: 'auth', token };
}

export function controlMessage(type: 'pause' | 'resume' | 'stop', id: string): ClientMessage {
  return { type, id };
}

/** Starts the shipped campaign config `config` (a file name the server lists, e.g. latent-bo.json). */
export function startMessage(config: string, id: string): ClientMessage {
  return { type: 'start', id, config };
}

/** A swap request from the text of an instrument config (a JSON object); the error names what is wrong. */
export function swapMessage(text: string, id: string): { ok: true; message: ClientMessage } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `instrument config is not JSON: ${(e as Error).message}` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { ok: false, error: 'instrument config must be a JSON object' };
  if (typeof (json as { kind?: unknown }).kind !== 'string') return { ok: false, error: 'instrument config needs a string "kind"' };
  return { ok: true, message: { type: 'swap', id, instrument: json as Record<string, unknown> } };
}

/** WebSocket URL of the server that served the page: ws://host/ws, or wss:// behind https. */
export function socketUrl(location: { readonly protocol: string; readonly host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}
