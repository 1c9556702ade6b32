import { TransportError } from '../errors.ts';
import { decodeBlock, preview } from './binary-block.ts';
import { MessageFramer } from './message-framer.ts';

/** What the request in flight waits for: a text line, a binary block, or the `1` of a resync `*OPC?` (stale lines skipped). */
export type Expectation = 'line' | 'block' | 'opc-sync';

interface Pending {
  readonly expect: Expectation;
  readonly context: string;
  readonly resolve: (v: string | Uint8Array) => void;
  readonly reject: (e: unknown) => void;
  readonly cleanup: () => void;
}

/**
 * Frames incoming bytes and hands each message to the one request in flight. A timeout inside a block is reported
 * as a truncated block (TRANSPORT_PROTOCOL), otherwise as TRANSPORT_TIMEOUT; messages nobody waits for are counted
 * as strays and dropped.
 */
export class ResponseReader {
  private readonly framer = new MessageFramer();
  private pending: Pending | undefined;
  strays = 0;

  constructor(private readonly name: string) {}

  /** Feeds received bytes. */
  feed(chunk: Uint8Array): void {
    for (const out of this.framer.push(chunk)) {
      if (out.kind === 'error') this.settle(undefined, this.protocol(out.message));
      else this.deliver(out.bytes);
    }
  }

  /** Waits for the response of the request about to be written; register before writing. */
  expect(expect: Expectation, context: string, timeoutMs: number, signal?: AbortSignal): Promise<string | Uint8Array> {
    if (this.pending) return Promise.reject(new Error(`${this.name}: internal: two requests in flight`));
    return new Promise((resolve, reject) => {
      const onTimeout = (): void => {
        const err = this.framer.inBlock
          ? this.protocol(`truncated block: ${this.framer.blockProgress.received} of ${this.framer.blockProgress.declared} bytes arrived within ${timeoutMs} ms after '${context}'`)
          : new TransportError('TRANSPORT_TIMEOUT', `${this.name}: no response to '${context}' within ${timeoutMs} ms`);
        this.framer.reset();
        this.settle(undefined, err);
      };
      const onAbort = (): void => this.settle(undefined, signal!.reason);
      const timer = setTimeout(onTimeout, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      this.pending = { expect, context, resolve, reject, cleanup };
      if (signal?.aborted) onAbort();
    });
  }

  /** Fails the request in flight (disconnect, close, write failure). */
  fail(err: unknown): void {
    this.settle(undefined, err);
  }

  /** Drops any partial message. */
  reset(): void {
    this.framer.reset();
  }

  private deliver(bytes: Uint8Array): void {
    const p = this.pending;
    if (!p) {
      this.strays++;
      return;
    }
    try {
      if (p.expect === 'block') {
        this.settle(decodeBlock(bytes, `${this.name}: response to '${p.context}'`));
        return;
      }
      const text = this.text(bytes, p.context);
      if (p.expect === 'opc-sync' && text.trim() !== '1') this.strays++;
      else this.settle(text);
    } catch (err) {
      this.settle(undefined, err);
    }
  }

  private text(bytes: Uint8Array, context: string): string {
    for (const b of bytes) {
      if ((b < 0x20 && b !== 0x09) || b > 0x7e) throw this.protocol(`garbage in the response to '${context}': ${preview(bytes)}`);
    }
    if (bytes[0] === 0x23 && bytes[1] >= 0x31 && bytes[1] <= 0x39) throw this.protocol(`expected a line after '${context}', got a binary block`);
    return Buffer.from(bytes).toString('latin1');
  }

  private settle(value?: string | Uint8Array, err?: unknown): void {
    const p = this.pending;
    if (!p) {
      if (err !== undefined) this.strays++;
      return;
    }
    this.pending = undefined;
    p.cleanup();
    if (err !== undefined) p.reject(err);
    else p.resolve(value!);
  }

  private protocol(message: string): TransportError {
    return new TransportError('TRANSPORT_PROTOCOL', message.startsWith(this.name) ? message : `${this.name}: ${message}`);
  }
}
