#!/usr/bin/env node
// Entry point of the `ferroloop` command: registers the TypeScript loader, then runs src/cli.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
