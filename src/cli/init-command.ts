import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CliCommand } from '../cli.ts';
import { InputError } from '../errors.ts';
import { SHIPPED_CONFIGS_DIR, resolveConfigArg } from '../shipped-configs.ts';
import { parseCliArgs } from './cli-args.ts';

const HELP = `usage: ferroloop init NAME [DIR] [--force]

Copies the shipped config NAME (ferroloop configs lists them; the .json may be left out) into DIR
(default: the current directory) to edit, and prints the path of the copy. An existing file is kept
unless --force.

options:
  --force       overwrite an existing file
  -h, --help    this help`;

export const initCommand: CliCommand = {
  summary: 'copy a shipped config into a folder to edit',
  async run(args) {
    const { values, positionals } = parseCliArgs(args, { force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, true);
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const [name, dir = '.', extra] = positionals;
    if (!name) throw new InputError('NAME', 'a shipped config name is required (ferroloop configs lists them)');
    if (extra !== undefined) throw new InputError(extra, 'unexpected argument (usage: ferroloop init NAME [DIR])');
    const source = resolveConfigArg(name, SHIPPED_CONFIGS_DIR, { shippedOnly: true });
    if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InputError(dir, 'is not a directory');
    mkdirSync(dir, { recursive: true });
    const target = join(dir, basename(source));
    if (existsSync(target) && !values.force) throw new InputError(target, 'exists already (use --force to overwrite)');
    copyFileSync(source, target);
    process.stdout.write(`${target}\n`);
    return 0;
  },
};
