import { numberArg, keywordArg } from './device-args.ts';
import { compileHeader, type HeaderMatch } from './scpi-header.ts';
import { DeviceError, type ParsedCommand, parseMessage } from './scpi-parse.ts';
import { ESR, StatusModel } from './scpi-status.ts';

/** A handler's answer: a text response, a binary block payload, or nothing. */
export type DeviceResponse = string | { readonly block: Uint8Array } | undefined;
export type CommandHandler = (cmd: ParsedCommand) => DeviceResponse | Promise<DeviceResponse>;

/**
 * One entry of a controller's command table: header pattern (see compileHeader), set and/or query handlers, and how
 * many parameters each form takes as [min, max] (default [0, 0]); fewer gives -109, more -108, before the handler runs.
 */
export interface CommandSpec {
  readonly pattern: string;
  readonly set?: CommandHandler;
  readonly query?: CommandHandler;
  readonly args?: readonly [number, number];
  readonly queryArgs?: readonly [number, number];
}

/** What a concrete controller (AWG, PFM) provides. */
export interface ControllerSpec {
  readonly identity: string;
  readonly commands: readonly CommandSpec[];
  /** `*RST`: back to power-on settings. */
  reset(): void;
}

/** Hooks of the host: whether to refuse a state-changing command with an injected -200 (fault injection). */
export interface InterpreterHooks {
  readonly injectError?: () => boolean;
}

/**
 * Executes SCPI program messages against a controller's command table: one parser (scpi-parse), exact short/long
 * header matching, parameter counts, and the IEEE 488.2 common commands and status model (`*ESR? *ESE *STB? *SRE *CLS
 * *OPC`, error queue, `SYST:ERR?`). Built in: `*IDN? *RST *CLS *ESE *ESR? *SRE *STB? *OPC *OPC? *WAI *TST? SYST:ERR?
 * SYST:ERR:COUN? SYST:VERS? FORM:BORD`.
 */
export class ScpiInterpreter {
  byteOrder: 'NORM' | 'SWAP' = 'NORM';
  readonly status = new StatusModel();
  /** Every executed unit, as received (blocks elided), for tests and `--log`. */
  readonly log: string[] = [];
  onCommand?: (text: string) => void;
  private readonly table: { match: (h: string) => HeaderMatch; spec: CommandSpec }[];

  constructor(private readonly controller: ControllerSpec, private readonly hooks: InterpreterHooks = {}) {
    this.table = [...this.commonCommands(), ...controller.commands].map((spec) => ({ match: compileHeader(spec.pattern), spec }));
  }

  /** Pushes an error onto the queue and sets its ESR bit. */
  pushError(code: number, message: string): void {
    this.status.push(code, message);
  }

  /**
   * Runs one program message (terminator removed); returns the responses of its queries in order (IEEE 488.2 joins them
   * with `;` into one response message). `stop` is asked before each unit; true abandons the rest of the message.
   */
  async run(message: Uint8Array, stop: () => boolean = () => false): Promise<Exclude<DeviceResponse, undefined>[]> {
    const out: Exclude<DeviceResponse, undefined>[] = [];
    try {
      for (const cmd of parseMessage(message)) {
        if (stop()) return out;
        const r = await this.execute(cmd);
        if (r !== undefined) out.push(r);
      }
    } catch (err) {
      if (!(err instanceof DeviceError)) throw err;
      this.pushError(err.code, err.message); // a command error discards the rest of the message
    }
    return out;
  }

  private async execute(cmd: ParsedCommand): Promise<DeviceResponse> {
    this.log.push(cmd.text);
    this.onCommand?.(cmd.text);
    try {
      const spec = this.lookup(cmd);
      const handler = cmd.query ? spec.query : spec.set;
      if (!handler) throw new DeviceError(-113, `Undefined header; ${cmd.text.slice(0, 60)}`);
      const [lo, hi] = (cmd.query ? spec.queryArgs : spec.args) ?? [0, 0];
      if (cmd.args.length > hi) throw new DeviceError(-108, `Parameter not allowed; ${cmd.header}${cmd.query ? '?' : ''} takes at most ${hi}`);
      if (cmd.args.length < lo) throw new DeviceError(-109, `Missing parameter; ${cmd.header}${cmd.query ? '?' : ''} needs ${lo}`);
      if (!cmd.query && !cmd.header.startsWith('*') && this.hooks.injectError?.()) throw new DeviceError(-200, 'Execution error; injected fault');
      return await handler(cmd);
    } catch (err) {
      if (err instanceof DeviceError) this.pushError(err.code, err.message);
      else this.pushError(-200, `Execution error; ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  private lookup(cmd: ParsedCommand): CommandSpec {
    let suffixHit = false;
    for (const e of this.table) {
      const m = e.match(cmd.header);
      if (m === 'match') return e.spec;
      suffixHit ||= m === 'bad-suffix';
    }
    if (suffixHit) throw new DeviceError(-114, `Header suffix out of range; ${cmd.text.slice(0, 60)}`);
    throw new DeviceError(-113, `Undefined header; ${cmd.text.slice(0, 60)}`);
  }

  private commonCommands(): CommandSpec[] {
    const st = this.status;
    const mask = (cmd: ParsedCommand): number => {
      const v = Math.round(numberArg(cmd, 0));
      if (v < 0 || v > 255) throw new DeviceError(-222, `Data out of range; ${cmd.header} ${v} (allowed 0..255)`);
      return v;
    };
    return [
      { pattern: '*IDN', query: () => this.controller.identity },
      { pattern: '*RST', set: () => { this.byteOrder = 'NORM'; this.controller.reset(); return undefined; } },
      { pattern: '*CLS', set: () => { st.clear(); return undefined; } },
      { pattern: '*ESE', args: [1, 1], set: (c) => { st.ese = mask(c); return undefined; }, query: () => String(st.ese) },
      { pattern: '*ESR', query: () => String(st.readEsr()) },
      { pattern: '*SRE', args: [1, 1], set: (c) => { st.sre = mask(c) & ~64; return undefined; }, query: () => String(st.sre) },
      { pattern: '*STB', query: () => String(st.stb()) },
      // Units run one after another to completion, so every operation is complete when *OPC / *OPC? is reached.
      { pattern: '*OPC', query: () => '1', set: () => { st.esr |= ESR.OPC; return undefined; } },
      { pattern: '*WAI', set: () => undefined },
      { pattern: '*TST', query: () => '0' },
      {
        pattern: 'SYSTem:ERRor:[NEXT]',
        query: () => {
          const e = st.next();
          return `${e.code},"${e.message.replace(/"/g, "'").replace(/[^\x20-\x7e]/g, '?')}"`;
        },
      },
      { pattern: 'SYSTem:ERRor:COUNt', query: () => String(st.count) },
      { pattern: 'SYSTem:VERSion', query: () => '1999.0' },
      {
        pattern: 'FORMat:BORDer',
        args: [1, 1],
        query: () => this.byteOrder,
        set: (c) => { this.byteOrder = keywordArg(c, 0, ['NORMal', 'SWAPped']); return undefined; },
      },
    ];
  }
}
