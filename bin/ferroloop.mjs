#!/usr/bin/env node
// Entry point of the `ferroloop` command: runs the compiled CLI in dist/. In a source checkout, FERROLOOP_SOURCE=1
// (set by `npm test`) or a missing dist/ runs src/ through the tsx loader instead.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** How long (ms) the process may stay alive after the command finished before it is ended anyway. */
const LINGER_MS = 3000;

const compiled = new URL('../dist/cli.js', import.meta.url);
const source = new URL('../src/cli.ts', import.meta.url);
const fromSource = existsSync(fileURLToPath(source)) && (process.env.FERROLOOP_SOURCE === '1' || !existsSync(fileURLToPath(compiled)));
if (fromSource) (await import('tsx/esm/api')).register();
const { main } = await import(fromSource ? source.href : compiled.href);
process.exitCode = await main(process.argv.slice(2));
// Every command closes what it opened; should a handle still linger (a serial port whose close never completes,
// a stuck socket), do not hang: say so and exit with the command's code.
const linger = setTimeout(() => {
  const open = process.getActiveResourcesInfo().filter((r) => r !== 'Timeout' && r !== 'TTYWrap');
  process.stderr.write(`ferroloop: still running ${LINGER_MS} ms after the command finished (open: ${open.join(', ') || 'unknown'}); exiting\n`);
  process.exit(process.exitCode);
}, LINGER_MS);
linger.unref();
