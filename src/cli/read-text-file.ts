import { open, readFile } from 'node:fs/promises';
import { InputError } from '../errors.ts';

/** Largest config or spec file read (bytes): real ones are a few KiB. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** Reads a UTF-8 file; a missing or unreadable file becomes a one-line InputError (FILE_UNREADABLE). */
export async function readTextFile(path: string, what = 'file'): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw unreadable(path, what, err);
  }
}

/**
 * Reads a config-like file strictly: at most `maxBytes` (else CONFIG_INVALID naming the limit, without
 * reading the rest), valid UTF-8 only (fatal decoding; the error names the byte offset, never the bytes),
 * a leading UTF-8 BOM dropped.
 */
export async function readConfigText(path: string, what = 'config', maxBytes = MAX_CONFIG_BYTES): Promise<string> {
  let bytes: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      if (size > maxBytes) throw new InputError(path, `${what} is ${size} bytes; at most ${maxBytes} bytes are accepted`, { code: 'CONFIG_INVALID' });
      const buf = Buffer.alloc(maxBytes + 1);
      let length = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buf, length, buf.length - length, null);
        if (bytesRead === 0) break;
        length += bytesRead;
        if (length > maxBytes) throw new InputError(path, `${what} is larger than ${maxBytes} bytes`, { code: 'CONFIG_INVALID' });
      }
      bytes = buf.subarray(0, length);
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw unreadable(path, what, err);
  }
  return decodeUtf8(bytes, path, what);
}

/** Strict UTF-8 decoding (BOM dropped); the error gives the offset of the first bad byte. */
export function decodeUtf8(bytes: Uint8Array, path: string, what = 'config'): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new InputError(path, `${what} is not valid UTF-8 (first bad byte at offset ${firstBadByte(bytes)})`, { code: 'CONFIG_INVALID' });
  }
}

/** Offset of the first byte of the first ill-formed UTF-8 sequence (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
export function firstBadByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) { i += 1; continue; }
    const [len, lo, hi] = b >= 0xc2 && b <= 0xdf ? [2, 0x80, 0xbf] : b === 0xe0 ? [3, 0xa0, 0xbf] : b === 0xed ? [3, 0x80, 0x9f]
      : b >= 0xe1 && b <= 0xef ? [3, 0x80, 0xbf] : b === 0xf0 ? [4, 0x90, 0xbf] : b >= 0xf1 && b <= 0xf3 ? [4, 0x80, 0xbf] : b === 0xf4 ? [4, 0x80, 0x8f] : [0, 0, 0];
    if (len === 0 || i + len > bytes.length) return i;
    if (bytes[i + 1] < lo || bytes[i + 1] > hi) return i;
    for (let k = 2; k < len; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return i;
    i += len;
  }
  return bytes.length;
}

function unreadable(path: string, what: string, err: unknown): InputError {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code;
  return new InputError(path, `cannot read ${what} (${reason})`, { cause: err, code: 'FILE_UNREADABLE' });
}
