import { Subject, type Subscription } from 'rxjs';
import { FerroloopError } from '../../errors.ts';
import { ScpiError, TransportError } from '../errors.ts';
import { retryWithBackoff, waitUntil } from './backoff.ts';
import { commandLabel } from './binary-block.ts';
import { parseErrorLine, queueError, type ScpiQueueEntry } from './error-queue.ts';
import { type Expectation, ResponseReader } from './response-reader.ts';
import { bytesOf, type Transport } from './transport.ts';

export interface ScpiClientOptions {
  readonly name: string;
  /** Default per-request timeout (ms). */
  readonly timeoutMs: number;
  /** Backoff after an unplug (ms), and how long a command waits for the link to come back before failing. */
  readonly reconnect: { readonly initialMs: number; readonly maxMs: number; readonly waitMs: number };
}

export interface RequestOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Called once the link is ready, just before the command's bytes go to the transport (from then on it may have arrived). */
  readonly onSent?: () => void;
}

/**
 * SCPI request/response over a Transport: one request in flight (callers are queued), a per-request timeout,
 * `SYST:ERR?` drained after state changes (`set`), a resync (`*OPC?`, stale lines dropped) after any timeout or
 * protocol error, and reconnection with exponential backoff after an unplug. The command in flight when the link
 * drops fails with INSTRUMENT_DISCONNECTED and is never written again; nothing is queued for replay.
 */
export class ScpiClient {
  /** Emits after the link came back (the device state is unknown: re-initialise before use). */
  readonly reconnected$ = new Subject<void>();
  /** Emits when the link is lost. */
  readonly disconnected$ = new Subject<Error>();
  private readonly reader: ResponseReader;
  private state: 'closed' | 'open' | 'reconnecting' = 'closed';
  private readonly stateChanged = new Subject<void>();
  private chain: Promise<unknown> = Promise.resolve();
  private dirty = false;
  private explaining = false;
  private subs: Subscription[] = [];
  private stopReconnect: AbortController | undefined;

  constructor(readonly transport: Transport, private readonly opts: ScpiClientOptions) {
    this.reader = new ResponseReader(opts.name);
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Messages that arrived while no request waited (dropped). */
  get strays(): number {
    return this.reader.strays;
  }

  async open(signal?: AbortSignal): Promise<void> {
    if (this.state !== 'closed') return;
    this.subs = [
      this.transport.data$.subscribe((chunk) => this.reader.feed(chunk)),
      this.transport.disconnected$.subscribe((err) => this.onDisconnect(err)),
    ];
    try {
      await this.transport.open(signal);
    } catch (err) {
      this.unsubscribe();
      throw err;
    }
    this.reader.reset();
    this.dirty = false;
    this.setState('open');
  }

  /** Writes a command that has no response (no error check). */
  write(command: string | Uint8Array, opts: RequestOptions = {}): Promise<void> {
    return this.exclusive(async () => {
      await this.ready(opts.signal);
      opts.onSent?.();
      await this.rawWrite(command);
    });
  }

  /** A query answered by one text line. */
  query(command: string, opts: RequestOptions = {}): Promise<string> {
    return this.exclusive(() => this.rawRequest(command, 'line', opts) as Promise<string>);
  }

  /** A query answered by one definite-length binary block; resolves to its payload. */
  queryBlock(command: string, opts: RequestOptions = {}): Promise<Uint8Array> {
    return this.exclusive(() => this.rawRequest(command, 'block', opts) as Promise<Uint8Array>);
  }

  /** A state-changing command: written, then the error queue is drained; rejects with ScpiError if it held errors. */
  set(command: string | Uint8Array, opts: RequestOptions = {}): Promise<void> {
    return this.exclusive(async () => {
      await this.ready(opts.signal);
      await this.rawWrite(command);
      await this.rawCheckErrors(commandLabel(command), opts.signal);
    });
  }

  /** Drains `SYST:ERR?`; rejects with the first error (ScpiError) if the queue held any. */
  checkErrors(context: string, signal?: AbortSignal): Promise<void> {
    return this.exclusive(async () => {
      await this.ready(signal);
      await this.rawCheckErrors(context, signal);
    });
  }

  /** Closes the link; the request in flight and queued ones fail with TRANSPORT_CLOSED. Idempotent. */
  async close(): Promise<void> {
    this.stopReconnect?.abort();
    this.setState('closed');
    this.reader.fail(new TransportError('TRANSPORT_CLOSED', `${this.opts.name}: closed`));
    this.unsubscribe();
    await this.transport.close();
  }

  private async rawRequest(command: string, expect: Expectation, opts: RequestOptions): Promise<string | Uint8Array> {
    await this.ready(opts.signal);
    const response = this.reader.expect(expect, command, opts.timeoutMs ?? this.opts.timeoutMs, opts.signal);
    response.catch(() => undefined);
    try {
      await this.rawWrite(command);
    } catch (err) {
      this.reader.fail(err);
    }
    try {
      return await response;
    } catch (err) {
      // Timeout, protocol error or abort: a late or partial answer may still come, so resync before the next request.
      if (!(err instanceof TransportError && err.disconnected)) this.dirty = true;
      if (err instanceof TransportError && err.code === 'TRANSPORT_TIMEOUT' && expect !== 'opc-sync' && !this.explaining) {
        throw await this.explainTimeout(err, command);
      }
      throw err;
    }
  }

  /** After a query timed out, a SCPI error in the queue (e.g. -113 undefined header) is the better report. */
  private async explainTimeout(timeout: TransportError, command: string): Promise<FerroloopError> {
    this.explaining = true;
    try {
      await this.ready();
      await this.rawCheckErrors(command);
    } catch (err) {
      if (err instanceof ScpiError) return err;
    } finally {
      this.explaining = false;
    }
    return timeout;
  }

  private async rawCheckErrors(context: string, signal?: AbortSignal): Promise<void> {
    const found: ScpiQueueEntry[] = [];
    for (let i = 0; i < 32; i++) {
      const entry = parseErrorLine((await this.rawRequest('SYST:ERR?', 'line', { signal })) as string, this.opts.name);
      if (entry.code === 0) break;
      found.push(entry);
    }
    if (found.length > 0) throw queueError(found, context);
  }

  private async rawWrite(command: string | Uint8Array): Promise<void> {
    const bytes = typeof command === 'string' ? bytesOf(`${command}\n`) : command;
    try {
      await this.transport.write(bytes);
    } catch (err) {
      if (this.state !== 'open' || (err instanceof TransportError && err.disconnected)) {
        throw new TransportError('INSTRUMENT_DISCONNECTED', `${this.opts.name}: link lost while writing '${commandLabel(command)}'; not re-sent`, { cause: err });
      }
      throw err;
    }
  }

  /** Waits for an open link (up to reconnect.waitMs while reconnecting), then resyncs if a request went wrong. */
  private async ready(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.state === 'reconnecting') {
      await waitUntil(this.stateChanged, () => this.state !== 'reconnecting', this.opts.reconnect.waitMs, signal,
        () => new TransportError('INSTRUMENT_DISCONNECTED', `${this.opts.name}: link still down after ${this.opts.reconnect.waitMs} ms`));
    }
    if (this.state === 'closed') throw new TransportError('TRANSPORT_CLOSED', `${this.opts.name}: not connected`);
    if (this.dirty) {
      this.dirty = false;
      this.reader.reset();
      // The device may still be finishing the operation that was in flight (e.g. a burst): allow up to waitMs.
      await this.rawRequest('*OPC?', 'opc-sync', { signal, timeoutMs: Math.max(this.opts.timeoutMs, this.opts.reconnect.waitMs) });
    }
  }

  private onDisconnect(err: Error): void {
    if (this.state !== 'open') return;
    this.setState('reconnecting');
    this.reader.fail(new TransportError('INSTRUMENT_DISCONNECTED',
      `${this.opts.name}: link lost (${err.message}); the command in flight failed and will not be re-sent`, { cause: err }));
    this.reader.reset();
    this.disconnected$.next(err);
    void this.reconnectLoop();
  }

  private async reconnectLoop(): Promise<void> {
    const stop = (this.stopReconnect = new AbortController());
    const back = await retryWithBackoff(() => this.transport.open(), this.opts.reconnect, stop.signal, () => this.state === 'reconnecting');
    if (!back) return;
    this.reader.reset();
    this.dirty = true; // the device may hold a half-received command or stale output: resync first
    await this.transport.write(bytesOf('\n')).catch(() => undefined);
    this.setState('open');
    this.reconnected$.next();
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private setState(s: 'closed' | 'open' | 'reconnecting'): void {
    this.state = s;
    this.stateChanged.next();
  }

  private unsubscribe(): void {
    for (const s of this.subs) s.unsubscribe();
    this.subs = [];
  }
}
