import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../../helpers/repo-paths.ts';

/** Why pty tests cannot run here (socat missing), or undefined; pass as `{ skip }`. */
export const SOCAT_MISSING = spawnSync('socat', ['-V']).error ? 'socat is not installed (apt-get install socat; .ci/run does it)' : undefined;

/** A child process whose output lines can be awaited. */
export class LineProcess {
  readonly lines: string[] = [];
  private waiters: { re: RegExp; from: number; resolve: (l: string) => void }[] = [];
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess, streams: ('stdout' | 'stderr')[]) {
    for (const s of streams) {
      createInterface({ input: child[s]! }).on('line', (line) => {
        this.lines.push(line);
        this.waiters = this.waiters.filter((w) => {
          if (!w.re.test(line)) return true;
          w.resolve(line);
          return false;
        });
      });
    }
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Resolves with the first line (from now, or already seen since index `from`) matching re; rejects if the process exits first. */
  waitFor(re: RegExp, from = this.lines.length): Promise<string> {
    const seen = this.lines.slice(from).find((l) => re.test(l));
    if (seen) return Promise.resolve(seen);
    return Promise.race([
      new Promise<string>((resolve) => this.waiters.push({ re, from, resolve })),
      this.exited.then((code) => { throw new Error(`process exited (${code}) before printing ${re}:\n${this.lines.slice(-20).join('\n')}`); }),
    ]);
  }

  count(re: RegExp): number {
    return this.lines.filter((l) => re.test(l)).length;
  }

  /** Stops the process (SIGTERM, SIGKILL after 3 s) and waits for it. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const force = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      await this.exited;
      clearTimeout(force);
    }
    await this.exited;
  }
}

/** A socat pty pair; resolves once socat reports its transfer loop (both links exist). */
export async function startSocat(link: string, devLink: string): Promise<LineProcess> {
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${link}`, `pty,raw,echo=0,link=${devLink}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  const p = new LineProcess(child, ['stderr']);
  await p.waitFor(/starting data transfer loop/);
  return p;
}

/** `ferroloop emulate` in a child process; resolves once it printed its ready line. */
export async function startEmulator(args: string[]): Promise<LineProcess> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'ferroloop.mjs'), 'emulate', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const p = new LineProcess(child, ['stdout', 'stderr']);
  await p.waitFor(/^ready /);
  return p;
}

/** Two socat pairs and an emulator on their device ends; `paths` are the host ends for the instrument config. */
export interface PtyRig {
  readonly dir: string;
  readonly paths: { awg: string; pfm: string };
  readonly devs: { awg: string; pfm: string };
  socat: { awg: LineProcess; pfm: LineProcess };
  readonly emulator: LineProcess;
  /** Kills and restarts one socat pair with the same links. */
  restartSocat(which: 'awg' | 'pfm'): Promise<void>;
  cleanup(): Promise<void>;
}

export async function startPtyRig(emulatorArgs: string[] = []): Promise<PtyRig> {
  const dir = mkdtempSync(join(tmpdir(), 'ferroloop-pty-'));
  const paths = { awg: join(dir, 'awg'), pfm: join(dir, 'pfm') };
  const devs = { awg: join(dir, 'awg-dev'), pfm: join(dir, 'pfm-dev') };
  const socat = { awg: await startSocat(paths.awg, devs.awg), pfm: await startSocat(paths.pfm, devs.pfm) };
  const emulator = await startEmulator(['--awg', devs.awg, '--microscope', devs.pfm, '--hv-gain', '100', '--volts-per-ec', '40', ...emulatorArgs]);
  const rig: PtyRig = {
    dir, paths, devs, socat, emulator,
    restartSocat: async (which) => {
      await rig.socat[which].stop();
      rig.socat[which] = await startSocat(paths[which], devs[which]);
    },
    cleanup: async () => {
      await emulator.stop();
      await Promise.all([rig.socat.awg.stop(), rig.socat.pfm.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}
