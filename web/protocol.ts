import * as z from 'zod/mini';

/** Topics of the ferroloop wire protocol (server → client envelopes). */
export const TOPICS = ['run', 'agent', 'model', 'frames', 'control'] as const;
export type Topic = (typeof TOPICS)[number];

/** One server → client message: `{v, seq, ts (ms since epoch), topic, type, payload}`. */
export const EnvelopeSchema = z.object({
  v: z.literal(1),
  seq: z.int().check(z.positive()),
  ts: z.number(),
  topic: z.enum(TOPICS),
  type: z.string(),
  payload: z.unknown(),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

export type ParsedFrame = { readonly ok: true; readonly envelope: Envelope } | { readonly ok: false; readonly error: string };

/** Names the first failing field of a zod error, e.g. `seq: expected number`. */
export function describeZodError(error: { readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[] }): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  return `${path}: ${issue.message}`;
}

/** Parses one text frame into an envelope; never throws (bad JSON or a schema failure becomes `error`). */
export function parseEnvelope(text: string): ParsedFrame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'frame is not JSON' };
  }
  const parsed = EnvelopeSchema.safeParse(json);
  return parsed.success ? { ok: true, envelope: parsed.data } : { ok: false, error: `bad envelope: ${describeZodError(parsed.error)}` };
}

/** True when the envelope acknowledges a client request of the given type (`control/ack` {request: {type}}). */
export function acknowledges(env: Envelope, requestType: string): boolean {
  if (env.type !== 'control/ack' || env.payload === null || typeof env.payload !== 'object') return false;
  const request = (env.payload as { request?: unknown }).request;
  return request !== null && typeof request === 'object' && (request as { type?: unknown }).type === requestType;
}
