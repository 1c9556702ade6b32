#!/usr/bin/env node
// Entry point of the `ferroloop` command: runs the compiled CLI in dist/. In a source checkout, FERROLOOP_SOURCE=1
// (set by `npm test`) or a missing dist/ runs src/ through the tsx loader instead.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/cli.js', import.meta.url);
const source = new URL('../src/cli.ts', import.meta.url);
const fromSource = existsSync(fileURLToPath(source)) && (process.env.FERROLOOP_SOURCE === '1' || !existsSync(fileURLToPath(compiled)));
if (fromSource) (await import('tsx/esm/api')).register();
const { main } = await import(fromSource ? source.href : compiled.href);
process.exitCode = await main(process.argv.slice(2));
