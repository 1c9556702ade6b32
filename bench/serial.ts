// Serial benchmark: SCPI query round trip (median/p99) and the upload of a 950-point float32 waveform, over a socat
// pty to `ferroloop emulate` in a child process, beside the same over the in-process memory transport (baseline).
// Usage: npm run bench -- serial [--queries N] [--uploads N]
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createVirtualRig } from '../src/drivers/emulator/virtual-rig.ts';
import { commandWithBlock, float32Bytes } from '../src/drivers/serial/binary-block.ts';
import { createMemoryPair } from '../src/drivers/serial/memory-transport.ts';
import { ScpiClient } from '../src/drivers/serial/scpi-client.ts';
import { SerialTransport } from '../src/drivers/serial/serial-transport.ts';
import type { Transport } from '../src/drivers/serial/transport.ts';
import { TwinConfigSchema } from '../src/drivers/twin/twin-config.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Spawns a child and resolves once a line of its output matches. */
function startUntil(cmd: string, args: string[], ready: RegExp, stream: 'stdout' | 'stderr'): Promise<ChildProcess> {
  const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    createInterface({ input: child[stream]! }).on('line', (l) => { if (ready.test(l)) resolve(child); });
    child.once('exit', (code) => reject(new Error(`${cmd} exited (${code}) before it was ready`)));
  });
}

function quantiles(ms: number[]): { median: number; p99: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p99: s[Math.min(s.length - 1, Math.floor(0.99 * s.length))] };
}

interface Figures { idn: { median: number; p99: number }; uploadBin: { median: number; p99: number }; uploadAscii: { median: number; p99: number } }

async function measure(transport: Transport, queries: number, uploads: number): Promise<Figures> {
  const client = new ScpiClient(transport, { name: 'bench', timeoutMs: 5000, reconnect: { initialMs: 100, maxMs: 1000, waitMs: 1000 } });
  await client.open();
  await client.set('FORM:BORD SWAP');
  const time = async (n: number, fn: () => Promise<unknown>): Promise<number[]> => {
    for (let i = 0; i < Math.min(20, n); i++) await fn(); // warm-up
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await fn();
      out.push(performance.now() - t0);
    }
    return out;
  };
  const wave = Float64Array.from({ length: 950 }, (_, t) => Math.sin(t / 30));
  const bin = commandWithBlock('SOUR1:DATA:ARB FLPOLE,', float32Bytes(wave, 'SWAP'));
  const ascii = `SOUR1:DATA:ARB FLPOLE,${Array.from(wave, (v) => Math.fround(v).toPrecision(8)).join(',')}`;
  // An upload is the write plus the SYST:ERR? check the driver does after every state change.
  const figures = {
    idn: quantiles(await time(queries, () => client.query('*IDN?'))),
    uploadBin: quantiles(await time(uploads, () => client.set(bin))),
    uploadAscii: quantiles(await time(uploads, () => client.set(ascii))),
  };
  await client.close();
  return figures;
}

function print(label: string, f: Figures, base?: Figures): void {
  const r = (a: number, b?: number): string => (b ? `  (${(a / b).toFixed(1)}× memory)` : '');
  console.log(`${label}`);
  console.log(`  *IDN? round trip      median ${f.idn.median.toFixed(3)} ms   p99 ${f.idn.p99.toFixed(3)} ms${r(f.idn.median, base?.idn.median)}`);
  console.log(`  950-pt float32 upload median ${f.uploadBin.median.toFixed(3)} ms   p99 ${f.uploadBin.p99.toFixed(3)} ms   (3 800-byte block + SYST:ERR?)${r(f.uploadBin.median, base?.uploadBin.median)}`);
  console.log(`  950-pt ASCII upload   median ${f.uploadAscii.median.toFixed(3)} ms   p99 ${f.uploadAscii.p99.toFixed(3)} ms   (binary is ${(f.uploadAscii.median / f.uploadBin.median).toFixed(1)}× faster)`);
}

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { queries: { type: 'string' }, uploads: { type: 'string' } } });
  const queries = Number(values.queries ?? 1000);
  const uploads = Number(values.uploads ?? 200);
  console.log(`node ${process.version}; ${queries} queries, ${uploads} uploads each; 2-core VM shared with other jobs: figures are noisy`);

  const rig = createVirtualRig({ twin: TwinConfigSchema.parse({}), hvGain: 100, voltsPerEc: 40 });
  const pair = createMemoryPair('bench', { chunkSize: 4096 });
  await pair.device.open();
  rig.awg.attach(pair.device);
  const memory = await measure(pair.host, queries, uploads);
  rig.awg.detach();
  print('memory transport (in-process emulator, baseline)', memory);

  const dir = mkdtempSync(join(tmpdir(), 'ferroloop-bench-'));
  const children: ChildProcess[] = [];
  try {
    for (const name of ['awg', 'pfm']) {
      children.push(await startUntil('socat', ['-d', '-d', `pty,raw,echo=0,link=${join(dir, name)}`, `pty,raw,echo=0,link=${join(dir, `${name}-dev`)}`], /starting data transfer loop/, 'stderr'));
    }
    children.push(await startUntil(process.execPath, [join(root, 'bin', 'ferroloop.mjs'), 'emulate', '--awg', join(dir, 'awg-dev'), '--microscope', join(dir, 'pfm-dev')], /^ready /, 'stdout'));
    const pty = await measure(new SerialTransport({ path: join(dir, 'awg'), baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1, rtscts: false }), queries, uploads);
    print('socat pty → ferroloop emulate (child process)', pty, memory);
  } finally {
    for (const c of children.reverse()) {
      c.kill('SIGTERM');
      await new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(undefined) : c.once('exit', r)));
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
