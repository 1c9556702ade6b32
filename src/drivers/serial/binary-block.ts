import { TransportError } from '../errors.ts';

/** Byte order of binary blocks (`FORM:BORD`): NORM = big-endian, SWAP = little-endian. */
export type ByteOrder = 'NORM' | 'SWAP';

const encoder = new TextEncoder();

/** IEEE 488.2 definite-length block `#<d><len><payload>`. */
export function encodeBlock(payload: Uint8Array): Uint8Array {
  const len = String(payload.length);
  if (len.length > 9) throw new RangeError(`block of ${payload.length} bytes is too long for a definite-length header`);
  const head = encoder.encode(`#${len.length}${len}`);
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}

/** A command line `<prefix><block>\n`, e.g. prefix `SOUR1:DATA:ARB W,`. */
export function commandWithBlock(prefix: string, payload: Uint8Array): Uint8Array {
  const head = encoder.encode(prefix);
  const block = encodeBlock(payload);
  const out = new Uint8Array(head.length + block.length + 1);
  out.set(head);
  out.set(block, head.length);
  out[out.length - 1] = 0x0a;
  return out;
}

/** Payload of a message that must be exactly one block; TRANSPORT_PROTOCOL otherwise. */
export function decodeBlock(message: Uint8Array, context: string): Uint8Array {
  if (message[0] !== 0x23) throw protocol(context, `expected a binary block (#…), got ${preview(message)}`);
  const d = message[1] - 0x30;
  if (!(d >= 1 && d <= 9)) throw protocol(context, `malformed block header ${preview(message)}`);
  const lenText = Buffer.from(message.subarray(2, 2 + d)).toString('latin1');
  if (!/^\d+$/.test(lenText) || lenText.length !== d) throw protocol(context, `malformed block length '${lenText}'`);
  const len = Number(lenText);
  const payload = message.subarray(2 + d);
  if (payload.length !== len) throw protocol(context, `block declares ${len} bytes but ${payload.length} arrived before the terminator`);
  return payload;
}

/** float32 values → block payload bytes in the given order. */
export function float32Bytes(values: ArrayLike<number>, order: ByteOrder): Uint8Array {
  const bytes = new Uint8Array(4 * values.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i], order === 'SWAP');
  return bytes;
}

/** Block payload → float32 values widened to Float64Array; TRANSPORT_PROTOCOL when the length is not a multiple of 4. */
export function float32Values(payload: Uint8Array, order: ByteOrder, context: string): Float64Array {
  if (payload.length % 4 !== 0) throw protocol(context, `float32 block of ${payload.length} bytes (not a multiple of 4)`);
  const view = new DataView(payload.buffer, payload.byteOffset, payload.length);
  const out = new Float64Array(payload.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(4 * i, order === 'SWAP');
  return out;
}

/** A short printable rendering of bytes for error messages. */
export function preview(bytes: Uint8Array, max = 24): string {
  const text = Array.from(bytes.subarray(0, max), (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
  return `'${text}${bytes.length > max ? '…' : ''}'`;
}

function protocol(context: string, message: string): TransportError {
  return new TransportError('TRANSPORT_PROTOCOL', `${context}: ${message}`);
}

/** A command for messages and logs: text as is, a block command shown as `<header>#<block>`. */
export function commandLabel(command: string | Uint8Array): string {
  if (typeof command === 'string') return command;
  const text = Buffer.from(command.subarray(0, 40)).toString('latin1');
  const hash = text.indexOf('#');
  return (hash >= 0 ? `${text.slice(0, hash)}#<block>` : text).trim();
}
