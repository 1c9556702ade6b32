import { mayContainPath, redactPaths } from './redact-paths.ts';

/** Topics of the live wire protocol (helper-briefs/issue6-protocol.md). */
export const TOPICS = ['run', 'agent', 'model', 'frames', 'control'] as const;
export type Topic = (typeof TOPICS)[number];

/** Topics whose envelopes a slow client may skip: only the latest one per topic matters. */
export const COALESCABLE_TOPICS: ReadonlySet<Topic> = new Set<Topic>(['model', 'frames']);

/** Protocol version carried in every envelope. */
export const PROTOCOL_VERSION = 1;

/**
 * One server → client message: `seq` unique per server process and strictly increasing on every connection
 * in send order (a replay after a reply carries fresh seqs), `ts` ms since epoch.
 */
export interface Envelope {
  readonly v: typeof PROTOCOL_VERSION;
  readonly seq: number;
  readonly ts: number;
  readonly topic: Topic;
  readonly type: string;
  readonly payload: unknown;
}

/**
 * An envelope with its JSON text encoded once (UTF-8), shared by every client that receives it;
 * `observerBytes` is the copy for clients without the token (filesystem paths redacted), the same
 * buffer when there was nothing to redact.
 */
export interface EncodedEnvelope {
  readonly envelope: Envelope;
  readonly bytes: Buffer;
  readonly observerBytes: Buffer;
}

/** Encodes an envelope once for every client (and once more for observers when it holds a path). */
export function encodeEnvelope(envelope: Envelope): EncodedEnvelope {
  const text = JSON.stringify(envelope);
  const bytes = Buffer.from(text);
  if (!mayContainPath(text)) return { envelope, bytes, observerBytes: bytes };
  return { envelope, bytes, observerBytes: Buffer.from(JSON.stringify({ ...envelope, payload: redactPaths(envelope.payload) })) };
}

/** Error codes of `error` replies. */
export type WireErrorCode =
  | 'BAD_JSON' | 'BAD_MESSAGE' | 'UNKNOWN_TYPE' | 'UNAUTHORIZED' | 'TOO_LARGE'
  | 'NO_CAMPAIGN' | 'CAMPAIGN_RUNNING' | 'BAD_CONFIG' | 'INTERNAL';
