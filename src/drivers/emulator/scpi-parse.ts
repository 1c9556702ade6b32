/** One parsed program-message unit: upper-cased header (no leading ':'), query flag, and arguments (text or block payload). */
export interface ParsedCommand {
  readonly header: string;
  readonly query: boolean;
  readonly args: readonly (string | Uint8Array)[];
  /** The unit as text, blocks elided, for logs. */
  readonly text: string;
}

/** A SCPI error the emulated controller pushes onto its error queue. */
export class DeviceError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

const SEMI = 0x3b;
const COMMA = 0x2c;
const QUOTE = 0x22;
const HASH = 0x23;

/**
 * Splits one message (terminator removed) into units at `;` and their arguments at `,`, outside quotes and
 * definite-length blocks. Throws DeviceError(-102) on a malformed block or an empty header.
 */
export function parseMessage(bytes: Uint8Array): ParsedCommand[] {
  const units: ParsedCommand[] = [];
  let header = '';
  let inHeader = true;
  let args: (string | Uint8Array)[] = [];
  let arg = '';
  let inQuotes = false;
  const finishArg = (): void => {
    if (arg.trim() !== '') args.push(arg.trim());
    arg = '';
  };
  const finishUnit = (): void => {
    if (inHeader && header.trim() === '') return;
    finishArg();
    units.push(makeUnit(header.trim(), args));
    header = '';
    inHeader = true;
    args = [];
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    const c = String.fromCharCode(b);
    if (inHeader) {
      if (b === SEMI) finishUnit();
      else if ((b === 0x20 || b === 0x09) && header.trim() !== '') inHeader = false;
      else header += c;
      continue;
    }
    if (b === QUOTE) inQuotes = !inQuotes;
    if (!inQuotes && b === HASH && bytes[i + 1] > 0x30 && bytes[i + 1] <= 0x39) {
      const { payload, end } = readBlock(bytes, i);
      args.push(payload);
      arg = '';
      i = end - 1;
    } else if (!inQuotes && b === COMMA) finishArg();
    else if (!inQuotes && b === SEMI) finishUnit();
    else arg += c;
  }
  finishUnit();
  return units;
}

function readBlock(bytes: Uint8Array, at: number): { payload: Uint8Array; end: number } {
  const d = bytes[at + 1] - 0x30;
  const lenText = Buffer.from(bytes.subarray(at + 2, at + 2 + d)).toString('latin1');
  if (!/^\d+$/.test(lenText) || lenText.length !== d) throw new DeviceError(-102, 'Syntax error; malformed block header');
  const start = at + 2 + d;
  const end = start + Number(lenText);
  if (end > bytes.length) throw new DeviceError(-102, 'Syntax error; block shorter than its header says');
  return { payload: bytes.subarray(start, end), end };
}

function makeUnit(rawHeader: string, args: (string | Uint8Array)[]): ParsedCommand {
  const query = rawHeader.endsWith('?');
  const header = (query ? rawHeader.slice(0, -1) : rawHeader).replace(/^:/, '').toUpperCase();
  if (!/^\*?[A-Z][A-Z0-9]*(:[A-Z][A-Z0-9]*)*$/.test(header)) throw new DeviceError(-102, `Syntax error; bad header '${rawHeader}'`);
  const shown = args.map((a) => (typeof a === 'string' ? a : `#<${a.length} bytes>`)).join(',');
  return { header, query, args, text: `${rawHeader}${shown ? ` ${shown}` : ''}` };
}

/** A header pattern such as `[SOURce#:]FUNCtion:ARBitrary:SRATe` compiled to a matcher (short/long forms, optional nodes, `#` = suffix 1). */
export function compileHeader(pattern: string): (header: string) => boolean {
  const nodes = pattern.split(':').map((raw) => {
    const optional = raw.startsWith('[');
    const body = raw.replace(/[[\]]/g, '');
    const suffix = body.endsWith('#');
    const name = suffix ? body.slice(0, -1) : body;
    const short = name.replace(/[a-z]/g, '');
    return { optional, suffix, long: name.toUpperCase(), short };
  });
  const matchNode = (n: (typeof nodes)[number], text: string): boolean => {
    const bare = n.suffix ? text.replace(/1$/, '') : text;
    return bare === n.long || bare === n.short;
  };
  const match = (parts: string[], k: number, p: number): boolean => {
    if (k === nodes.length) return p === parts.length;
    const n = nodes[k];
    if (p < parts.length && matchNode(n, parts[p]) && match(parts, k + 1, p + 1)) return true;
    return n.optional && match(parts, k + 1, p);
  };
  return (header) => match(header.split(':'), 0, 0);
}
