import { z } from 'zod';
import { parseUserJson } from '../safe-json.ts';
import { TOPICS } from './envelope.ts';

/**
 * Zod schemas of every client → server message (helper-briefs/issue6-protocol.md). The `type` field is
 * checked first (UNKNOWN_TYPE), then the message's own schema (BAD_MESSAGE naming the path).
 */
const TopicSchema = z.enum(TOPICS);
const IdSchema = z.union([z.string().max(200), z.number()]).optional();

export const SubscribeSchema = z.strictObject({
  type: z.literal('subscribe'), id: IdSchema,
  topics: z.array(TopicSchema).max(TOPICS.length * 4),
  since: z.number().int().nonnegative().optional(),
});
export const AuthSchema = z.strictObject({ type: z.literal('auth'), id: IdSchema, token: z.string().max(1000) });
export const PingSchema = z.strictObject({ type: z.literal('ping'), id: IdSchema });

export const StartSchema = z.strictObject({
  type: z.literal('start'), id: IdSchema,
  config: z.union([z.string().min(1).max(200), z.record(z.string(), z.unknown())]),
  set: z.array(z.string().max(10_000)).max(200).optional(),
});
export const PauseSchema = z.strictObject({ type: z.literal('pause'), id: IdSchema });
export const ResumeSchema = z.strictObject({ type: z.literal('resume'), id: IdSchema });
export const StopSchema = z.strictObject({ type: z.literal('stop'), id: IdSchema, reason: z.string().max(1000).optional() });
export const SwapSchema = z.strictObject({ type: z.literal('swap'), id: IdSchema, instrument: z.record(z.string(), z.unknown()) });

/** Messages that need a controller's token. */
export const ControlRequestSchema = z.discriminatedUnion('type', [StartSchema, PauseSchema, ResumeSchema, StopSchema, SwapSchema]);
export type ControlRequest = z.infer<typeof ControlRequestSchema>;

export const ClientMessageSchema = z.discriminatedUnion('type', [
  SubscribeSchema, AuthSchema, PingSchema, StartSchema, PauseSchema, ResumeSchema, StopSchema, SwapSchema,
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export const CLIENT_MESSAGE_TYPES: readonly string[] = ['subscribe', 'auth', 'ping', 'start', 'pause', 'resume', 'stop', 'swap'];
export const CONTROL_TYPES: ReadonlySet<string> = new Set(['start', 'pause', 'resume', 'stop', 'swap']);

/** The outcome of parsing one frame: a message, or an error code with a message naming the path. */
export type ParsedFrame =
  | { readonly ok: true; readonly message: ClientMessage; readonly error?: never }
  | { readonly ok: false; readonly message?: never; readonly error: { readonly code: 'BAD_JSON' | 'BAD_MESSAGE' | 'UNKNOWN_TYPE'; readonly message: string; readonly id?: string | number } };

/**
 * Parses and validates one text frame: nesting deeper than MAX_JSON_DEPTH and the keys `__proto__`,
 * `constructor`, `prototype` are refused (BAD_MESSAGE) before anything walks the value.
 */
export function parseClientFrame(text: string): ParsedFrame {
  const parsed = parseUserJson(text);
  if (!parsed.ok) return { ok: false, error: { code: parsed.kind === 'syntax' ? 'BAD_JSON' : 'BAD_MESSAGE', message: parsed.reason } };
  return parseClientMessage(parsed.value);
}

/** A short description of a `type` value that is not a known type (never serialises the value itself). */
function describeType(type: unknown): string {
  if (type === undefined || type === null) return 'null';
  if (typeof type === 'string') return JSON.stringify(type.slice(0, 50));
  return `of kind ${Array.isArray(type) ? 'array' : typeof type}`;
}

/** Validates an already parsed JSON value as a client message. */
export function parseClientMessage(raw: unknown): ParsedFrame {
  const obj = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw as Record<string, unknown> : undefined;
  if (!obj) return { ok: false, error: { code: 'BAD_MESSAGE', message: 'a message must be a JSON object' } };
  const own = (k: string): unknown => (Object.hasOwn(obj, k) ? obj[k] : undefined);
  const rawId = own('id');
  const id = (typeof rawId === 'string' && rawId.length <= 200) || typeof rawId === 'number' ? rawId : undefined;
  const type = own('type');
  if (typeof type !== 'string' || !CLIENT_MESSAGE_TYPES.includes(type)) {
    return { ok: false, error: { code: 'UNKNOWN_TYPE', message: `unknown message type ${describeType(type)}`, id } };
  }
  const parsed = ClientMessageSchema.safeParse(obj);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.length ? issue.path.map(String).join('.') : '(message)';
    return { ok: false, error: { code: 'BAD_MESSAGE', message: `${path}: ${issue.message}`, id } };
  }
  return { ok: true, message: parsed.data };
}
