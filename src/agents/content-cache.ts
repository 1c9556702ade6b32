import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Hex SHA-256 of a JSON description plus optional binary parts (the cache key of derived data). */
export function contentHash(description: unknown, ...parts: ArrayBufferView[]): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(description));
  for (const p of parts) h.update(new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
  return h.digest('hex').slice(0, 24);
}

/** The cache folder: $FERROLOOP_CACHE_DIR, else .cache/ferroloop under the working directory. */
export function defaultCacheDir(): string {
  return process.env.FERROLOOP_CACHE_DIR ?? join(process.cwd(), '.cache', 'ferroloop');
}

/** Reads a cached Float64Array (little-endian file), or undefined when absent or of the wrong length. */
export function readCachedArray(dir: string, key: string, length: number): Float64Array | undefined {
  const path = join(dir, `${key}.f64`);
  if (!existsSync(path)) return undefined;
  const bytes = readFileSync(path);
  if (bytes.length !== length * 8) return undefined;
  const out = new Float64Array(length);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** Writes a Float64Array to the cache atomically (temp file + rename). */
export function writeCachedArray(dir: string, key: string, values: Float64Array): void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${key}.f64`);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  renameSync(tmp, path);
}
