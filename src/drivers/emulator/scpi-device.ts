import type { Subscription } from 'rxjs';
import { encodeBlock } from '../serial/binary-block.ts';
import { MessageFramer } from '../serial/message-framer.ts';
import { bytesOf, type Transport } from '../serial/transport.ts';
import { FaultInjector, type FaultOptions } from './fault-injector.ts';
import { compileHeader, DeviceError, type ParsedCommand, parseMessage } from './scpi-parse.ts';

/** A handler's answer: a text line, a binary block payload, or nothing. */
export type DeviceResponse = string | { readonly block: Uint8Array } | undefined;
export type CommandHandler = (cmd: ParsedCommand) => DeviceResponse | Promise<DeviceResponse>;

/** One entry of a controller's command table: header pattern (see compileHeader), set and/or query handlers. */
export interface CommandSpec {
  readonly pattern: string;
  readonly set?: CommandHandler;
  readonly query?: CommandHandler;
}

/** What a concrete controller (AWG, PFM) provides. */
export interface ControllerSpec {
  readonly identity: string;
  readonly commands: readonly CommandSpec[];
  /** `*RST`: back to power-on settings. */
  reset(): void;
}

const QUEUE_MAX = 32;

/**
 * An emulated SCPI controller on a Transport: frames commands (blocks included), runs them in order, answers
 * queries, keeps the IEEE 488.2 error queue and `FORM:BORD`, and applies seeded faults. Common commands
 * (`*IDN? *RST *CLS *OPC? *OPC *WAI SYST:ERR? FORM:BORD`) are built in.
 */
export class ScpiDevice {
  byteOrder: 'NORM' | 'SWAP' = 'NORM';
  /** Every executed command, as text (blocks elided), for tests and `--log`. */
  readonly log: string[] = [];
  onCommand?: (text: string) => void;
  /** Called when the disconnect fault fires; the host drops the link. */
  onFaultDisconnect?: () => void;
  private readonly errors: { code: number; message: string }[] = [];
  private readonly table: { match: (h: string) => boolean; spec: CommandSpec }[];
  /** Fault injection (its `opts` may be changed while serving). */
  readonly faults: FaultInjector;
  private transport: Transport | undefined;
  private framer = new MessageFramer();
  private subs: Subscription[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly controller: ControllerSpec, faults: FaultOptions = {}) {
    this.faults = new FaultInjector(faults);
    this.table = [...this.commonCommands(), ...controller.commands].map((spec) => ({ match: compileHeader(spec.pattern), spec }));
  }

  /** Serves a (freshly opened) transport until it disconnects or detach() is called. */
  attach(transport: Transport): void {
    this.detach();
    this.transport = transport;
    this.framer = new MessageFramer();
    this.subs = [
      transport.data$.subscribe((chunk) => {
        for (const out of this.framer.push(chunk)) {
          if (out.kind === 'error') this.pushError(-102, `Syntax error; ${out.message}`);
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

  /** Pushes an error onto the queue (-350 replaces the last entry on overflow). */
  pushError(code: number, message: string): void {
    if (this.errors.length >= QUEUE_MAX) this.errors[QUEUE_MAX - 1] = { code: -350, message: 'Queue overflow' };
    else this.errors.push({ code, message });
  }

  private enqueue(message: Uint8Array): void {
    const transport = this.transport;
    this.queue = this.queue.then(() => this.process(message, transport)).catch(() => undefined);
  }

  private async process(message: Uint8Array, transport: Transport | undefined): Promise<void> {
    let units: ParsedCommand[];
    try {
      units = parseMessage(message);
    } catch (err) {
      if (err instanceof DeviceError) this.pushError(err.code, err.message);
      return;
    }
    for (const cmd of units) {
      if (transport !== this.transport) return;
      if (this.faults.disconnectNow()) {
        this.onFaultDisconnect?.();
        return;
      }
      const response = await this.execute(cmd);
      if (response !== undefined) await this.respond(response, transport);
    }
  }

  private async execute(cmd: ParsedCommand): Promise<DeviceResponse> {
    this.log.push(cmd.text);
    this.onCommand?.(cmd.text);
    const entry = this.table.find((e) => e.match(cmd.header));
    const handler = cmd.query ? entry?.spec.query : entry?.spec.set;
    if (!handler) {
      this.pushError(-113, `Undefined header; ${cmd.text.slice(0, 60)}`);
      return undefined;
    }
    if (!cmd.query && !cmd.header.startsWith('*') && this.faults.injectError()) {
      this.pushError(-200, 'Execution error; injected fault');
      return undefined;
    }
    try {
      return await handler(cmd);
    } catch (err) {
      if (err instanceof DeviceError) this.pushError(err.code, err.message);
      else this.pushError(-200, `Execution error; ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  private async respond(response: Exclude<DeviceResponse, undefined>, transport: Transport | undefined): Promise<void> {
    const isBlock = typeof response !== 'string';
    let bytes = isBlock ? encodeBlock(response.block) : bytesOf(response);
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

  private commonCommands(): CommandSpec[] {
    return [
      { pattern: '*IDN', query: () => this.controller.identity },
      { pattern: '*RST', set: () => { this.byteOrder = 'NORM'; this.controller.reset(); return undefined; } },
      { pattern: '*CLS', set: () => { this.errors.length = 0; return undefined; } },
      { pattern: '*OPC', query: () => '1', set: () => undefined },
      { pattern: '*WAI', set: () => undefined },
      {
        pattern: 'SYSTem:ERRor:[NEXT]',
        query: () => {
          const e = this.errors.shift() ?? { code: 0, message: 'No error' };
          return `${e.code},"${e.message.replace(/"/g, "'").replace(/[^\x20-\x7e]/g, '?')}"`;
        },
      },
      {
        pattern: 'FORMat:BORDer',
        query: () => this.byteOrder,
        set: (cmd) => {
          const v = String(cmd.args[0] ?? '').toUpperCase();
          if (v === 'NORM' || v === 'NORMAL') this.byteOrder = 'NORM';
          else if (v === 'SWAP' || v === 'SWAPPED') this.byteOrder = 'SWAP';
          else throw new DeviceError(-224, `Illegal parameter value; ${v}`);
          return undefined;
        },
      },
    ];
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
