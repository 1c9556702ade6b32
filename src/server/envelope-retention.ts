import { COALESCABLE_TOPICS, type EncodedEnvelope, type Topic } from './envelope.ts';

/** Agent-topic types kept beyond the ring buffer (a late client still needs the grid and the state). */
const STICKY_AGENT_TYPES: ReadonlySet<string> = new Set(['campaign/prepared', 'agent/state']);

/**
 * What the server keeps for clients that join late or resume with `since`: every run document of the
 * current and the previous campaign, the latest envelope of each coalescable topic, the last
 * `agentCapacity` agent envelopes plus the latest `campaign/prepared` and `agent/state`. Control replies
 * are never retained.
 */
export class EnvelopeRetention {
  private runCurrent: EncodedEnvelope[] = [];
  private runPrevious: EncodedEnvelope[] = [];
  private readonly latest = new Map<Topic, EncodedEnvelope>();
  private agent: EncodedEnvelope[] = [];
  private readonly sticky = new Map<string, EncodedEnvelope>();

  constructor(private readonly agentCapacity = 1000) {}

  /** Records one published envelope. */
  retain(e: EncodedEnvelope): void {
    const { topic, type } = e.envelope;
    if (topic === 'run') {
      if (type === 'start') {
        this.runPrevious = this.runCurrent;
        this.runCurrent = [];
      }
      this.runCurrent.push(e);
    } else if (COALESCABLE_TOPICS.has(topic)) {
      this.latest.set(topic, e);
    } else if (topic === 'agent') {
      this.agent.push(e);
      if (this.agent.length > 2 * this.agentCapacity) this.agent = this.agent.slice(-this.agentCapacity);
      if (STICKY_AGENT_TYPES.has(type)) this.sticky.set(type, e);
    }
  }

  /** Retained envelopes of `topics` with seq > since, in seq order. */
  since(topics: ReadonlySet<Topic>, since: number): EncodedEnvelope[] {
    const out: EncodedEnvelope[] = [];
    const after = (list: readonly EncodedEnvelope[]): void => {
      for (const e of list) if (e.envelope.seq > since) out.push(e);
    };
    if (topics.has('run')) {
      after(this.runPrevious);
      after(this.runCurrent);
    }
    if (topics.has('agent')) {
      const ring = this.agent.slice(-this.agentCapacity);
      const first = ring.length ? ring[0].envelope.seq : Infinity;
      after([...this.sticky.values()].filter((e) => e.envelope.seq < first));
      after(ring);
    }
    for (const topic of COALESCABLE_TOPICS) {
      const e = this.latest.get(topic);
      if (topics.has(topic) && e) after([e]);
    }
    return out.sort((a, b) => a.envelope.seq - b.envelope.seq);
  }

  /** Counts for diagnostics and tests. */
  sizes(): { run: number; agent: number; coalesced: number } {
    return { run: this.runCurrent.length + this.runPrevious.length, agent: Math.min(this.agent.length, this.agentCapacity), coalesced: this.latest.size };
  }
}
