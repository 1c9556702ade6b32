import type { Subscription } from 'rxjs';
import { encodeBlock } from '../serial/binary-block.ts';
import { MessageFramer } from '../serial/message-framer.ts';
import { bytesOf, type Transport } from '../serial/transport.ts';
import { FaultInjector, type FaultOptions } from './fault-injector.ts';
import { type ControllerSpec, type DeviceResponse, ScpiInterpreter } from './scpi-interpreter.ts';

/**
 * An emulated SCPI controller on a Transport: frames messages (blocks included), runs them through a ScpiInterpreter
 * (parser, command table, IEEE 488.2 status and error queue), writes one response message per program message
 * (query answers joined by `;`), and applies seeded faults.
 */
export class ScpiDevice {
  readonly interpreter: ScpiInterpreter;
  /** Called when the disconnect fault fires; the host drops the link. */
  onFaultDisconnect?: () => void;
  /** Fault injection (its `opts` may be changed while serving). */
  readonly faults: FaultInjector;
  private transport: Transport | undefined;
  private framer = new MessageFramer();
  private subs: Subscription[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(controller: ControllerSpec, faults: FaultOptions = {}) {
    this.faults = new FaultInjector(faults);
    this.interpreter = new ScpiInterpreter(controller, { injectError: () => this.faults.injectError() });
  }

  /** Byte order of binary blocks (`FORM:BORD`). */
  get byteOrder(): 'NORM' | 'SWAP' {
    return this.interpreter.byteOrder;
  }

  /** Every executed unit, as received (blocks elided). */
  get log(): string[] {
    return this.interpreter.log;
  }

  set onCommand(fn: ((text: string) => void) | undefined) {
    this.interpreter.onCommand = fn;
  }

  /** Serves a (freshly opened) transport until it disconnects or detach() is called. */
  attach(transport: Transport): void {
    this.detach();
    this.transport = transport;
    this.framer = new MessageFramer();
    this.subs = [
      transport.data$.subscribe((chunk) => {
        for (const out of this.framer.push(chunk)) {
          if (out.kind === 'error') this.interpreter.pushError(-102, `Syntax error; ${out.message}`);
          else this.enqueue(out.bytes);
        }
      }),
      transport.disconnected$.subscribe(() => this.detach()),
    ];
  }

  detach(): void {
    for (const s of this.subs) s.unsubscribe();
    this.subs = [];
    this.transport = undefined;
  }

  private enqueue(message: Uint8Array): void {
    const transport = this.transport;
    this.queue = this.queue.then(() => this.process(message, transport)).catch(() => undefined);
  }

  private async process(message: Uint8Array, transport: Transport | undefined): Promise<void> {
    let dropped = false;
    const responses = await this.interpreter.run(message, () => {
      if (transport !== this.transport) dropped = true;
      else if (this.faults.disconnectNow()) {
        dropped = true;
        this.onFaultDisconnect?.();
      }
      return dropped;
    });
    if (dropped || transport !== this.transport || responses.length === 0) return;
    await this.respond(responses, transport);
  }

  private async respond(responses: Exclude<DeviceResponse, undefined>[], transport: Transport | undefined): Promise<void> {
    const isBlock = responses.some((r) => typeof r !== 'string');
    const parts = responses.map((r) => (typeof r === 'string' ? bytesOf(r) : encodeBlock(r.block)));
    let bytes = parts.reduce((acc, p, i) => (i === 0 ? p : concat(concat(acc, bytesOf(';')), p)));
    const fault = this.faults.responseFault(isBlock);
    if (this.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, this.faults.latencyMs));
    if (fault === 'drop' || !transport?.isOpen) return;
    if (fault === 'garbage') bytes = concat(this.faults.garbage(), bytes);
    if (fault === 'truncate') {
      await transport.write(bytes.subarray(0, Math.max(3, bytes.length >> 1))).catch(() => undefined);
      return;
    }
    await transport.write(concat(bytes, bytesOf('\n'))).catch(() => undefined);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
