// Splits the sampled CPU time of V8 .cpuprofile files (node --cpu-prof, one file per thread) into WebAssembly
// functions (the simulation kernel) and everything else, idle samples excluded.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Sampled time (s) of every profile in dir: in wasm functions, and busy in total (not idle), summed over threads. */
export function profileShare(dir: string): { wasmSeconds: number; busySeconds: number; threads: number } {
  let wasm = 0;
  let busy = 0;
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  for (const file of files) {
    const p = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const kind = new Map(p.nodes.map((n) => [n.id, n.callFrame.functionName === '(idle)' ? 'idle' : n.callFrame.functionName.startsWith('wasm-function') ? 'wasm' : 'other']));
    for (let i = 0; i < p.samples.length; i++) {
      const k = kind.get(p.samples[i]);
      if (k === 'idle') continue;
      busy += p.timeDeltas[i];
      if (k === 'wasm') wasm += p.timeDeltas[i];
    }
  }
  return { wasmSeconds: wasm / 1e6, busySeconds: busy / 1e6, threads: files.length };
}
