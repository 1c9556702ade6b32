import { Subject } from 'rxjs';
import { SerialPort } from 'serialport';
import { TransportError } from '../errors.ts';
import type { SerialLineConfig } from '../instrument-config.ts';
import type { Transport } from './transport.ts';

/** A Transport over node-serialport (RS-232, USB virtual COM port, or a pty made by socat). */
export class SerialTransport implements Transport {
  readonly data$ = new Subject<Uint8Array>();
  readonly disconnected$ = new Subject<Error>();
  private port: SerialPort | undefined;

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
    const port = new SerialPort({ path, baudRate, dataBits, parity, stopBits, rtscts, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve()))).catch((err: Error) => {
      throw new TransportError('TRANSPORT_CLOSED', `${path}: cannot open (${err.message})`, { cause: err });
    });
    port.on('data', (chunk: Buffer) => this.data$.next(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
    port.on('close', (err?: Error & { disconnected?: boolean }) => {
      if (this.port !== port) return;
      this.port = undefined;
      if (err) this.disconnected$.next(new TransportError('INSTRUMENT_DISCONNECTED', `${path}: ${err.message}`, { cause: err }));
    });
    // Errors after open surface through write() rejections or the close event; never as an unhandled 'error'.
    port.on('error', () => undefined);
    this.port = port;
  }

  async write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) throw new TransportError('TRANSPORT_CLOSED', `${this.line.path}: write on a closed port`);
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(bytes), (err) => (err ? reject(err) : port.drain((e) => (e ? reject(e) : resolve()))));
    }).catch((err: Error) => {
      throw new TransportError('INSTRUMENT_DISCONNECTED', `${this.line.path}: write failed (${err.message})`, { cause: err });
    });
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
