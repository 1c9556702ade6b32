import { ScpiError, TransportError } from '../errors.ts';

/** One `SYST:ERR?` answer: SCPI code (0 = queue empty) and message. */
export interface ScpiQueueEntry {
  readonly code: number;
  readonly message: string;
}

/** Parses `<code>,"<message>"`; TRANSPORT_PROTOCOL when malformed. */
export function parseErrorLine(line: string, name: string): ScpiQueueEntry {
  const m = /^\s*([+-]?\d+)\s*,\s*"(.*)"\s*$/.exec(line);
  if (!m) throw new TransportError('TRANSPORT_PROTOCOL', `${name}: malformed SYST:ERR? answer '${line}'`);
  return { code: Number(m[1]), message: m[2] };
}

/** The ScpiError for a drained queue: the first error's code, the others appended to its message. */
export function queueError(found: readonly ScpiQueueEntry[], context: string): ScpiError {
  const more = found.length > 1 ? ` (+ ${found.slice(1).map((e) => `${e.code} "${e.message}"`).join(', ')})` : '';
  return new ScpiError(found[0].code, `${found[0].message}${more}`, context);
}
