import type { Observable } from 'rxjs';

/**
 * The seam between a protocol and the wire (node-serialport's "binding" layer): raw bytes both ways, because
 * IEEE 488.2 binary blocks may contain newline bytes. A transport can be opened again after a disconnect.
 */
export interface Transport {
  /** Human-readable endpoint, e.g. the device path. */
  readonly description: string;
  readonly isOpen: boolean;
  open(signal?: AbortSignal): Promise<void>;
  /** Resolves once the bytes are handed to the OS (or the peer); rejects with a TransportError when closed. */
  write(bytes: Uint8Array): Promise<void>;
  /** Received chunks, in order, with arbitrary boundaries. */
  readonly data$: Observable<Uint8Array>;
  /** Emits when the link is lost without close() (unplug, peer gone); the transport is then closed. */
  readonly disconnected$: Observable<Error>;
  /** Idempotent. */
  close(): Promise<void>;
}

const encoder = new TextEncoder();

/** ASCII/UTF-8 bytes of a string. */
export function bytesOf(text: string): Uint8Array {
  return encoder.encode(text);
}
