import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './repo-paths.ts';

/** A `ferroloop worker --threads 1` child on a Redis URL (later `extra` flags win) whose stderr lines can be awaited. */
export class WorkerProcess {
  readonly child: ChildProcess;
  log = '';
  private waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];

  constructor(url: string, extra: string[] = [], env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, [join(repoRoot, 'bin', 'ferroloop.mjs'), 'worker', '--redis', url, '--threads', '1', ...extra], { cwd: repoRoot, env: { ...process.env, ...env } });
    this.child.stderr!.on('data', (d: Buffer) => {
      this.log += d.toString();
      this.waiters = this.waiters.filter((w) => {
        const m = this.log.match(w.pattern);
        if (m) w.resolve(m);
        return !m;
      });
    });
  }

  /** Resolves with the first match of `pattern` in the log so far or to come. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
    const m = this.log.match(pattern);
    if (m) return Promise.resolve(m);
    return new Promise((resolve) => this.waiters.push({ pattern, resolve }));
  }

  /** Resolves with the exit code once the child has exited. */
  exited(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve(this.child.exitCode);
    return new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }
}
