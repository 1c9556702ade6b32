import { readFileSync } from 'node:fs';

/** ferroloop's version, read from its package.json (one level above src/ or dist/). */
export const FERROLOOP_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
