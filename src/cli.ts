import { FerroloopError } from './errors.ts';

/** One `ferroloop` sub-command: its one-line summary and its entry point (argv after the command name). */
export interface CliCommand {
  readonly summary: string;
  run(args: string[]): Promise<number>;
}

/** Every sub-command, loaded on demand so that `ferroloop sim` never loads TensorFlow or serialport. */
const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  sim: async () => (await import('./cli/sim-command.ts')).simCommand,
  sweep: async () => (await import('./cli/sweep-command.ts')).sweepCommand,
  trajectories: async () => (await import('./cli/trajectories-command.ts')).trajectoriesCommand,
  fit: async () => (await import('./cli/fit-command.ts')).fitCommand,
  emulate: async () => (await import('./cli/emulate-command.ts')).emulateCommand,
  probe: async () => (await import('./cli/probe-command.ts')).probeCommand,
  run: async () => (await import('./cli/run-command.ts')).runCommand,
  start: async () => (await import('./cli/start-command.ts')).startCommand,
  serve: async () => (await import('./cli/serve-command.ts')).serveCommand,
  watch: async () => (await import('./cli/watch-command.ts')).watchCommand,
  replay: async () => (await import('./cli/replay-command.ts')).replayCommand,
  configs: async () => (await import('./cli/configs-command.ts')).configsCommand,
  init: async () => (await import('./cli/init-command.ts')).initCommand,
  worker: async () => (await import('./cli/worker-command.ts')).workerCommand,
  vae: async () => (await import('./cli/vae-command.ts')).vaeCommand,
  twin: async () => (await import('./cli/twin-command.ts')).twinCommand,
};

const USAGE = `usage: ferroloop <command> [options]   (ferroloop <command> --help for details; ferroloop --version)`;

/** Runs the CLI; returns the process exit code (0 ok, 1 failure, 2 bad input). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(`ferroloop ${(await import('./version.ts')).FERROLOOP_VERSION}\n`);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n\ncommands:\n${await listCommands()}\n`);
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`ferroloop: unknown command '${name}'\n${USAGE}\n`);
    return 2;
  }
  try {
    return await (await load()).run(rest);
  } catch (err) {
    return reportError(name, err);
  }
}

/** Prints an error as one line; bad input exits 2 without a stack trace, anything else exits 1. */
export function reportError(command: string, err: unknown): number {
  if (err instanceof FerroloopError) {
    process.stderr.write(`ferroloop ${command}: ${err.message}\n`);
    return err.code === 'INPUT_INVALID' || err.code === 'CONFIG_INVALID' || err.code === 'FILE_UNREADABLE' || err.code === 'SIM_INVALID' || err.code === 'PLUGIN_INVALID' ? 2 : 1;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`ferroloop ${command}: ${message}\n`);
  if (process.env.FERROLOOP_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return 1;
}

async function listCommands(): Promise<string> {
  const rows: string[] = [];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const summary = await load().then((c) => c.summary, () => '(not available in this checkout)');
    rows.push(`  ${name.padEnd(14)}${summary}`);
  }
  return rows.join('\n');
}
