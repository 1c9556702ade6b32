import { Subject } from 'rxjs';
import { TransportError } from '../errors.ts';
import type { Transport } from './transport.ts';

interface LinkState {
  plugged: boolean;
  /** Deliver writes in pieces of at most this many bytes (exercises framing across chunk boundaries). */
  readonly chunkSize: number;
}

/** One end of an in-memory serial line; records every byte it writes (for "nothing was written" assertions). */
export class MemoryTransport implements Transport {
  readonly data$ = new Subject<Uint8Array>();
  readonly disconnected$ = new Subject<Error>();
  /** Every chunk this end wrote, in order (a copy). */
  readonly written: Uint8Array[] = [];
  peer!: MemoryTransport;
  private open_ = false;

  constructor(readonly description: string, private readonly link: LinkState) {}

  get isOpen(): boolean {
    return this.open_;
  }

  /** Total bytes this end has written. */
  get bytesWritten(): number {
    return this.written.reduce((n, c) => n + c.length, 0);
  }

  /** Everything written so far as text (latin-1, so binary bytes stay one character each). */
  writtenText(): string {
    return this.written.map((c) => Buffer.from(c).toString('latin1')).join('');
  }

  async open(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (!this.link.plugged) throw new TransportError('TRANSPORT_CLOSED', `${this.description}: no device (unplugged)`);
    this.open_ = true;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.open_) throw new TransportError('TRANSPORT_CLOSED', `${this.description}: write on a closed port`);
    const copy = Uint8Array.from(bytes);
    this.written.push(copy);
    for (let at = 0; at < copy.length; at += this.link.chunkSize) {
      const piece = copy.subarray(at, at + this.link.chunkSize);
      setImmediate(() => {
        if (this.link.plugged && this.peer.open_) this.peer.data$.next(piece);
      });
    }
  }

  async close(): Promise<void> {
    this.open_ = false;
  }

  /** Called by the pair on unplug: closes this end and reports the loss if it was open. */
  drop(reason: string): void {
    if (!this.open_) return;
    this.open_ = false;
    this.disconnected$.next(new TransportError('INSTRUMENT_DISCONNECTED', `${this.description}: ${reason}`));
  }
}

/** Two cross-wired ends (host and device) of one in-memory line, with an unplug switch. No globals: one per test. */
export interface MemoryPair {
  readonly host: MemoryTransport;
  readonly device: MemoryTransport;
  /** Drops both ends (each open end reports a disconnect); opens fail until replug(). */
  unplug(): void;
  replug(): void;
}

export function createMemoryPair(name = 'memory', opts: { chunkSize?: number } = {}): MemoryPair {
  const link: LinkState = { plugged: true, chunkSize: Math.max(1, opts.chunkSize ?? 4096) };
  const host = new MemoryTransport(`${name}:host`, link);
  const device = new MemoryTransport(`${name}:device`, link);
  host.peer = device;
  device.peer = host;
  return {
    host,
    device,
    unplug: () => {
      link.plugged = false;
      host.drop('unplugged');
      device.drop('unplugged');
    },
    replug: () => {
      link.plugged = true;
    },
  };
}
