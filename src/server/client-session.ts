import type { WebSocket } from 'ws';
import { COALESCABLE_TOPICS, type EncodedEnvelope, type Topic } from './envelope.ts';
import type { EnvelopeSink } from './event-hub.ts';

/** Bounds of one client's outbound queue. */
export interface SessionLimits {
  /** Stop writing to the socket while this many bytes are buffered in user space (default 512 KiB). */
  readonly highWaterBytes: number;
  /** Close with 1013 when more non-coalescable envelopes than this wait to be written (default 10 000). */
  readonly maxPendingReliable: number;
  /** Close with 1013 when the waiting non-coalescable envelopes exceed this many bytes (default 64 MiB). */
  readonly maxPendingBytes: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { highWaterBytes: 512 * 1024, maxPendingReliable: 10_000, maxPendingBytes: 64 * 1024 * 1024 };

/** The close code for a client too slow to keep up even with run documents ("try again later"). */
export const CLOSE_TRY_AGAIN_LATER = 1013;

/**
 * One WebSocket client: its subscriptions, its role, and a bounded outbound queue in seq order. Coalescable
 * topics keep at most one waiting envelope (the newest replaces the older); other envelopes are never
 * dropped, and a client whose backlog of them passes the limits is closed with 1013 (it resumes with since=).
 * `offer` only queues and returns (writing starts on the next turn of the event loop, so that a publisher pays
 * nothing per client); writing then follows the socket's own pace through write callbacks. A replay
 * (subscribe with since) is bounded by the retention and does not count against the limits.
 */
interface QueueEntry {
  readonly e: EncodedEnvelope;
  /** Queued by a replay: bounded by the retention, so it does not count against the limits. */
  readonly replay: boolean;
}

export class ClientSession implements EnvelopeSink {
  readonly topics = new Set<Topic>();
  controller = false;
  private queue: (QueueEntry | null)[] = [];
  private head = 0;
  private readonly waitingCoalesced = new Map<Topic, number>();
  /** Waiting non-coalescable envelopes (count, bytes) outside replays. */
  private pendingReliable = 0;
  private pendingBytes = 0;
  private readonly offeredUpTo = new Map<Topic, number>();
  /** The highest seq queued on this connection: everything queued later must carry a higher one. */
  private lastQueuedSeq = 0;
  /** Set while a replay is queued: gives a retained envelope a fresh seq (the connection already went past its own). */
  private restamp: ((e: EncodedEnvelope) => EncodedEnvelope) | undefined;
  private closed = false;
  private closing: { code: number; reason: string } | undefined;
  private replaying = false;
  /** Envelopes replaced by a newer one before they were written (coalesced away). */
  coalescedCount = 0;
  private readonly onWritten = (): void => this.pump();
  private pumpScheduled = false;
  private readonly scheduledPump = (): void => {
    this.pumpScheduled = false;
    this.pump();
  };

  constructor(private readonly ws: WebSocket, private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS, private readonly onOverflow?: () => void) {}

  /** Queues a broadcast envelope (the hub calls this synchronously). */
  offer(e: EncodedEnvelope): void {
    const { topic, seq } = e.envelope;
    if ((this.offeredUpTo.get(topic) ?? 0) >= seq) return;
    this.offeredUpTo.set(topic, seq);
    this.enqueue(e);
  }

  /** Queues a reply meant for this client only. */
  reply(e: EncodedEnvelope): void {
    this.enqueue(e);
  }

  /**
   * Replaces the subscriptions and queues the retained envelopes of `topics` newer than `since`; returns their count.
   * seq strictly increases on every connection in send order: when this connection was already sent an
   * envelope with a higher seq than a replayed one (a reply to `auth` made before the subscription), the
   * replay is queued with fresh seqs from `restamp` (same ts, topic, type, payload). A client resuming with
   * since = the highest seq it saw then misses nothing: every envelope it did not see has a higher seq.
   */
  subscribe(
    topics: readonly Topic[], retained: (topics: ReadonlySet<Topic>, since: number) => EncodedEnvelope[], since = 0,
    restamp?: (e: EncodedEnvelope) => EncodedEnvelope,
  ): number {
    this.topics.clear();
    for (const t of topics) this.topics.add(t);
    const replay = retained(this.topics, since);
    this.replaying = true;
    this.restamp = replay.length > 0 && replay[0].envelope.seq <= this.lastQueuedSeq ? restamp : undefined;
    try {
      for (const e of replay) this.offer(e);
    } finally {
      this.replaying = false;
      this.restamp = undefined;
    }
    return replay.length;
  }

  /** Closes the socket once what is already queued was handed to it (nothing more is queued). */
  closeAfterQueued(code: number, reason: string): void {
    if (this.closed) return;
    this.closing = { code, reason };
    this.pump();
  }

  /** Stops queueing and drops the backlog (the socket closed). */
  dispose(): void {
    this.closed = true;
    this.queue = [];
    this.head = 0;
    this.waitingCoalesced.clear();
  }

  private enqueue(original: EncodedEnvelope): void {
    if (this.closed || this.closing) return;
    const e = this.restamp && original.envelope.seq <= this.lastQueuedSeq ? this.restamp(original) : original;
    if (e.envelope.seq > this.lastQueuedSeq) this.lastQueuedSeq = e.envelope.seq;
    const { topic } = e.envelope;
    if (COALESCABLE_TOPICS.has(topic)) {
      const at = this.waitingCoalesced.get(topic);
      if (at !== undefined && at >= this.head) {
        this.queue[at] = null;
        this.coalescedCount += 1;
      }
      this.waitingCoalesced.set(topic, this.queue.length);
    } else if (!this.replaying) {
      this.pendingReliable += 1;
      this.pendingBytes += e.bytes.length;
      if (this.pendingReliable > this.limits.maxPendingReliable || this.pendingBytes > this.limits.maxPendingBytes) {
        this.overflow();
        return;
      }
    }
    this.queue.push({ e, replay: this.replaying });
    if (!this.pumpScheduled) {
      this.pumpScheduled = true;
      setImmediate(this.scheduledPump);
    }
  }

  private pump(): void {
    while (!this.closed && this.head < this.queue.length && this.ws.readyState === this.ws.OPEN && this.ws.bufferedAmount < this.limits.highWaterBytes) {
      const entry = this.queue[this.head];
      this.queue[this.head] = null;
      this.head += 1;
      if (entry === null) continue;
      const { topic } = entry.e.envelope;
      if (COALESCABLE_TOPICS.has(topic)) {
        if (this.waitingCoalesced.get(topic) === this.head - 1) this.waitingCoalesced.delete(topic);
      } else if (!entry.replay) {
        this.pendingReliable -= 1;
        this.pendingBytes -= entry.e.bytes.length;
      }
      this.ws.send(this.controller ? entry.e.bytes : entry.e.observerBytes, { binary: false }, this.onWritten);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) this.compact();
    if (this.closing && !this.closed && this.head >= this.queue.length) {
      this.closed = true;
      this.ws.close(this.closing.code, this.closing.reason);
    }
  }

  private compact(): void {
    const shift = this.head;
    this.queue = this.queue.slice(shift);
    this.head = 0;
    for (const [t, i] of this.waitingCoalesced) this.waitingCoalesced.set(t, i - shift);
  }

  private overflow(): void {
    this.dispose();
    this.onOverflow?.();
    this.ws.close(CLOSE_TRY_AGAIN_LATER, 'client too slow: resume with since=');
  }
}
