import { type EncodedEnvelope, PROTOCOL_VERSION, type Topic, encodeEnvelope } from './envelope.ts';
import { EnvelopeRetention } from './envelope-retention.ts';

/** Something that takes envelopes without blocking the publisher (a client session). */
export interface EnvelopeSink {
  readonly topics: ReadonlySet<Topic>;
  offer(e: EncodedEnvelope): void;
}

/**
 * The server's one sequence counter and fan-out: `publish` stamps seq/ts, encodes once, retains, and hands
 * the envelope to every subscribed sink synchronously (sinks only queue; nothing here awaits a client).
 */
export class EventHub {
  private seq = 0;
  private readonly sinks = new Set<EnvelopeSink>();
  readonly retention: EnvelopeRetention;

  constructor(options: { agentCapacity?: number; now?: () => number } = {}) {
    this.retention = new EnvelopeRetention(options.agentCapacity);
    this.now = options.now ?? Date.now;
  }

  private readonly now: () => number;

  /** The seq of the last envelope created (0 before the first). */
  get lastSeq(): number {
    return this.seq;
  }

  /** Creates, retains and broadcasts one envelope; returns it. */
  publish(topic: Topic, type: string, payload: unknown): EncodedEnvelope {
    const e = this.envelope(topic, type, payload);
    this.retention.retain(e);
    for (const sink of this.sinks) if (sink.topics.has(topic)) sink.offer(e);
    return e;
  }

  /** Creates an envelope for one client only (control replies): takes a seq, not retained, not broadcast. */
  envelope(topic: Topic, type: string, payload: unknown): EncodedEnvelope {
    this.seq += 1;
    return encodeEnvelope({ v: PROTOCOL_VERSION, seq: this.seq, ts: this.now(), topic, type, payload });
  }

  /**
   * The same envelope under a fresh seq (for a replay on a connection that is already past its seq): ts,
   * topic, type and payload are kept, and the encoded text is spliced rather than encoded again.
   */
  restamp(e: EncodedEnvelope): EncodedEnvelope {
    this.seq += 1;
    const oldHead = `{"v":${PROTOCOL_VERSION},"seq":${e.envelope.seq},`;
    const newHead = `{"v":${PROTOCOL_VERSION},"seq":${this.seq},`;
    const envelope = { ...e.envelope, seq: this.seq };
    const splice = (b: Buffer): Buffer | undefined => (b.subarray(0, oldHead.length).toString('latin1') === oldHead ? Buffer.concat([Buffer.from(newHead, 'latin1'), b.subarray(oldHead.length)]) : undefined);
    const bytes = splice(e.bytes);
    if (!bytes) return encodeEnvelope(envelope);
    const observerBytes = e.observerBytes === e.bytes ? bytes : splice(e.observerBytes);
    return observerBytes ? { envelope, bytes, observerBytes } : encodeEnvelope(envelope);
  }

  attach(sink: EnvelopeSink): void {
    this.sinks.add(sink);
  }

  detach(sink: EnvelopeSink): void {
    this.sinks.delete(sink);
  }

  get clientCount(): number {
    return this.sinks.size;
  }
}
