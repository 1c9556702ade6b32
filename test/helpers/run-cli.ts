import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './repo-paths.ts';

/** Result of one `ferroloop` child process. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/ferroloop.mjs ...args` to completion (optionally sending a signal once stderr matches). */
export function runCli(args: string[], opts: { signalWhen?: { pattern: RegExp; signal: NodeJS.Signals }; env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'ferroloop.mjs'), ...args], { cwd: repoRoot, env: { ...process.env, FORCE_COLOR: '0', ...opts.env } });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (opts.signalWhen && !signalled && opts.signalWhen.pattern.test(stderr)) {
        signalled = true;
        child.kill(opts.signalWhen.signal);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
