import type { CliCommand } from '../cli.ts';
import { InputError } from '../errors.ts';

const HELP = `usage: ferroloop twin <pairs> [options]   (ferroloop twin <sub-command> --help)

The digital twin (FerroSIM lattice + PFM tip model) outside a campaign:
  pairs   paired structure patches and switching loops, as workflow W3 cuts and measures them,
          written as a numpy .npz for im2spec / spec2im (ferroloop vae train --model im2spec)`;

/** \`ferroloop twin …\`: dispatches to its sub-commands (loaded on demand). */
export const twinCommand: CliCommand = {
  summary: 'digital-twin data outside a campaign (structure/loop pairs as .npz)',
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === '--help' || sub === '-h') {
      process.stdout.write(`${HELP}\n`);
      return sub === undefined ? 2 : 0;
    }
    if (sub === 'pairs') return (await import('./twin/pairs-command.ts')).runTwinPairs(rest);
    throw new InputError('twin', `unknown sub-command '${sub}' (pairs)`);
  },
};
