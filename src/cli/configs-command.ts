import type { CliCommand } from '../cli.ts';
import { listShippedConfigs } from '../shipped-configs.ts';
import { parseCliArgs } from './cli-args.ts';

const HELP = `usage: ferroloop configs [--json]

Lists the configs shipped with ferroloop: campaigns (ferroloop run NAME, serve --campaign NAME) and
instrument blocks (probe --config NAME, or paste into a campaign's "instrument"). Any of them can be
copied to edit with ferroloop init NAME [DIR].

options:
  --json        one JSON array (name, role, summary, path)
  -h, --help    this help`;

export const configsCommand: CliCommand = {
  summary: 'list the shipped campaign and instrument configs',
  async run(args) {
    const { values } = parseCliArgs(args, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const configs = listShippedConfigs();
    if (values.json) {
      process.stdout.write(`${JSON.stringify(configs, null, 2)}\n`);
      return 0;
    }
    const width = Math.max(...configs.map((c) => c.name.length)) + 2;
    for (const c of configs) process.stdout.write(`${c.name.padEnd(width)}${c.summary}\n`);
    return 0;
  },
};
