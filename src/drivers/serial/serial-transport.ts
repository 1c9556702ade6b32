import { realpathSync } from 'node:fs';
import { Subject } from 'rxjs';
import { SerialPort } from 'serialport';
import { TransportError } from '../errors.ts';
import type { SerialLineConfig } from '../instrument-config.ts';
import type { Transport } from './transport.ts';

/** How often (ms) an open port checks that its device path still names the same device. */
const WATCH_MS = 250;

/**
 * A Transport over node-serialport (RS-232, USB virtual COM port, or a pty made by socat). Besides the port's own
 * close event, a watchdog notices when the device path disappears or is re-created (USB unplug, socat restarted),
 * which the binding does not always report for a pty whose master end died.
 */
export class SerialTransport implements Transport {
  readonly data$ = new Subject<Uint8Array>();
  readonly disconnected$ = new Subject<Error>();
  private port: SerialPort | undefined;
  private watch: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly line: SerialLineConfig) {}

  get description(): string {
    return this.line.path;
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  async open(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.port?.isOpen) return;
    const { path, baudRate, dataBits, parity, stopBits, rtscts } = this.line;
    const device = resolve(path);
    const port = new SerialPort({ path, baudRate, dataBits, parity, stopBits, rtscts, autoOpen: false });
    await new Promise<void>((ok, fail) => port.open((err) => (err ? fail(err) : ok()))).catch((err: Error) => {
      throw new TransportError('TRANSPORT_CLOSED', `${path}: cannot open (${err.message})`, { cause: err });
    });
    port.on('data', (chunk: Buffer) => this.data$.next(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
    port.on('close', (err?: Error & { disconnected?: boolean }) => {
      if (this.port === port) this.lose(port, err?.message ?? 'port closed');
    });
    // Errors after open surface through write() rejections or the close event; never as an unhandled 'error'.
    port.on('error', () => undefined);
    this.port = port;
    this.watch = setInterval(() => {
      if (resolve(path) !== device) this.lose(port, 'device path gone or replaced');
    }, WATCH_MS);
    this.watch.unref();
  }

  async write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) throw new TransportError('TRANSPORT_CLOSED', `${this.line.path}: write on a closed port`);
    await new Promise<void>((ok, fail) => {
      port.write(Buffer.from(bytes), (err) => (err ? fail(err) : port.drain((e) => (e ? fail(e) : ok()))));
    }).catch((err: Error) => {
      throw new TransportError('INSTRUMENT_DISCONNECTED', `${this.line.path}: write failed (${err.message})`, { cause: err });
    });
  }

  async close(): Promise<void> {
    const port = this.port;
    this.stopWatch();
    this.port = undefined;
    if (!port?.isOpen) return;
    await new Promise<void>((ok) => port.close(() => ok()));
  }

  /** The link is gone: forget the port, close it quietly, report once. */
  private lose(port: SerialPort, reason: string): void {
    if (this.port !== port) return;
    this.port = undefined;
    this.stopWatch();
    if (port.isOpen) port.close(() => undefined);
    this.disconnected$.next(new TransportError('INSTRUMENT_DISCONNECTED', `${this.line.path}: ${reason}`));
  }

  private stopWatch(): void {
    if (this.watch) clearInterval(this.watch);
    this.watch = undefined;
  }
}

/** The device a path names now (links followed), or '' when it does not exist. */
function resolve(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return '';
  }
}
