/** One parameter of a program message unit, typed as IEEE 488.2 program data; `text` is as received (blocks elided). */
export type ScpiParam =
  | { readonly kind: 'number'; readonly value: number; readonly text: string }
  | { readonly kind: 'char'; readonly text: string }
  | { readonly kind: 'string'; readonly value: string; readonly text: string }
  | { readonly kind: 'block'; readonly bytes: Uint8Array; readonly text: string };

/** One parsed program message unit: absolute upper-case header (previous-node rule applied), query flag, parameters. */
export interface ParsedCommand {
  /** `SOUR1:VOLT:OFFS`, `*IDN`: no leading ':' and no '?'. */
  readonly header: string;
  readonly query: boolean;
  readonly args: readonly ScpiParam[];
  /** The unit as received (header as typed, blocks elided), for logs. */
  readonly text: string;
}

/** A SCPI error the emulated controller pushes onto its error queue (code per SCPI-1999 vol. 2 ch. 21). */
export class DeviceError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

/** Longest program mnemonic and character data element (IEEE 488.2 §7.6.1, §7.7.1). */
const MAX_MNEMONIC = 12;
const MNEMONIC = /^[A-Za-z][A-Za-z0-9_]*/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const RADIX: Record<string, { re: RegExp; base: number }> = { H: { re: /^[0-9A-Fa-f]+/, base: 16 }, Q: { re: /^[0-7]+/, base: 8 }, B: { re: /^[01]+/, base: 2 } };

const fail = (code: number, message: string): never => {
  throw new DeviceError(code, message);
};

/**
 * The program message units of one message (terminator removed), in order. Applies the SCPI "previous node" rule: a
 * header without a leading ':' after `;` continues from the path of the previous header minus its leaf; a leading ':'
 * restarts at the root; common commands (`*XXX`) leave the path alone. Throws DeviceError at the first bad unit, after
 * yielding the good ones before it (so they execute first, as on an instrument).
 */
export function* parseMessage(bytes: Uint8Array): Generator<ParsedCommand> {
  const text = Buffer.from(bytes).toString('latin1');
  const cursor = { text, bytes, i: 0 };
  let path: string[] = [];
  while (cursor.i <= text.length) {
    skipSpace(cursor);
    if (cursor.i >= text.length) return;
    if (text[cursor.i] === ';') { cursor.i++; continue; } // an empty unit is tolerated
    const start = cursor.i;
    const head = readHeader(cursor);
    const args = readParams(cursor, head.raw);
    let header: string;
    if (head.common) header = head.nodes[0];
    else {
      const abs = head.rooted ? head.nodes : [...path, ...head.nodes];
      path = abs.slice(0, -1);
      header = abs.join(':');
    }
    const shown = args.map((a) => a.text).join(',');
    yield { header, query: head.query, args, text: `${head.raw}${shown ? ` ${shown}` : ''}` };
    if (cursor.i < text.length && text[cursor.i] !== ';') fail(-102, `Syntax error; unexpected '${text[cursor.i]}' after ${text.slice(start, cursor.i)}`);
    cursor.i++;
  }
}

interface Cursor { readonly text: string; readonly bytes: Uint8Array; i: number }

function skipSpace(c: Cursor): void {
  while (c.i < c.text.length && (c.text[c.i] === ' ' || c.text[c.i] === '\t')) c.i++;
}

function readHeader(c: Cursor): { raw: string; nodes: string[]; rooted: boolean; common: boolean; query: boolean } {
  const start = c.i;
  const common = c.text[c.i] === '*';
  const rooted = !common && c.text[c.i] === ':';
  if (common || rooted) c.i++;
  const nodes: string[] = [];
  for (;;) {
    const m = MNEMONIC.exec(c.text.slice(c.i));
    if (!m) fail(c.text.charCodeAt(c.i) > 0x7e ? -101 : -102, `Syntax error; bad header at '${c.text.slice(start, c.i + 1)}'`);
    const name = m![0];
    if (name.replace(/\d+$/, '').length > MAX_MNEMONIC) fail(-112, `Program mnemonic too long; ${name}`);
    nodes.push(name.toUpperCase());
    c.i += name.length;
    if (common || c.text[c.i] !== ':') break;
    c.i++;
  }
  const query = c.text[c.i] === '?';
  if (query) c.i++;
  const raw = c.text.slice(start, c.i);
  const next = c.text[c.i];
  if (next !== undefined && next !== ';' && next !== ' ' && next !== '\t') fail(-111, `Header separator error; '${next}' after ${raw}`);
  return { raw, nodes: common ? [`*${nodes[0]}`] : nodes, rooted, common, query };
}

function readParams(c: Cursor, header: string): ScpiParam[] {
  const params: ScpiParam[] = [];
  skipSpace(c);
  if (c.i >= c.text.length || c.text[c.i] === ';') return params;
  for (;;) {
    skipSpace(c);
    params.push(readParam(c, header));
    skipSpace(c);
    if (c.text[c.i] !== ',') return params;
    c.i++;
  }
}

function readParam(c: Cursor, header: string): ScpiParam {
  const rest = c.text.slice(c.i);
  const ch = rest[0];
  if (ch === undefined || ch === ',' || ch === ';') return fail(-102, `Syntax error; empty parameter in ${header}`);
  if (ch === '"' || ch === "'") return readString(c, ch);
  if (ch === '#') return readHash(c);
  if (ch === '(') return fail(-178, `Expression data not allowed; ${header}`);
  const num = DECIMAL.exec(rest);
  if (num) {
    c.i += num[0].length;
    const after = c.text[c.i];
    if (after !== undefined && /[A-Za-z]/.test(after)) fail(-138, `Suffix not allowed; ${header} ${rest.slice(0, 20)}`);
    if (after !== undefined && !/[\s,;]/.test(after)) fail(-121, `Invalid character in number; ${header} ${rest.slice(0, 20)}`);
    const value = Number(num[0]);
    if (!Number.isFinite(value)) fail(-123, `Exponent too large; ${num[0]}`);
    return { kind: 'number', value, text: num[0] };
  }
  const word = MNEMONIC.exec(rest);
  if (!word) return fail(-102, `Syntax error; bad parameter '${rest.slice(0, 20)}' in ${header}`);
  if (word[0].length > MAX_MNEMONIC) fail(-144, `Character data too long; ${word[0]}`);
  c.i += word[0].length;
  return { kind: 'char', text: word[0].toUpperCase() };
}

/** `"…"` or `'…'`; a doubled quote inside stands for one. */
function readString(c: Cursor, q: string): ScpiParam {
  let value = '';
  for (let i = c.i + 1; i < c.text.length; i++) {
    if (c.text[i] !== q) { value += c.text[i]; continue; }
    if (c.text[i + 1] === q) { value += q; i++; continue; }
    const text = c.text.slice(c.i, i + 1);
    c.i = i + 1;
    return { kind: 'string', value, text };
  }
  return fail(-151, 'Invalid string data; unterminated string');
}

/** `#<d><len><bytes>` definite block, `#0<bytes>` indefinite block (to the end of the message), `#H`/`#Q`/`#B` numbers. */
function readHash(c: Cursor): ScpiParam {
  const kind = c.text[c.i + 1] ?? '';
  const radix = RADIX[kind.toUpperCase()];
  if (radix) {
    const m = radix.re.exec(c.text.slice(c.i + 2));
    if (!m) fail(-121, `Invalid character in number; #${kind}`);
    const text = c.text.slice(c.i, c.i + 2 + m![0].length);
    c.i += text.length;
    return { kind: 'number', value: parseInt(m![0], radix.base), text };
  }
  if (kind === '0') {
    const bytes = c.bytes.subarray(c.i + 2);
    c.i = c.text.length;
    return { kind: 'block', bytes, text: `#<${bytes.length} bytes>` };
  }
  const d = Number(kind);
  if (!(d >= 1 && d <= 9)) return fail(-161, 'Invalid block data; # not followed by a digit or H/Q/B');
  const lenText = c.text.slice(c.i + 2, c.i + 2 + d);
  if (!/^\d+$/.test(lenText) || lenText.length !== d) fail(-161, 'Invalid block data; malformed block header');
  const start = c.i + 2 + d;
  const end = start + Number(lenText);
  if (end > c.bytes.length) fail(-161, 'Invalid block data; block shorter than its header says');
  c.i = end;
  return { kind: 'block', bytes: c.bytes.subarray(start, end), text: `#<${end - start} bytes>` };
}
