// Agent overhead per step (everything but the instrument) at n = 100, 300, 600 on a 100×100 grid like W2's:
// surrogate fit + posterior on 10 000 candidates + acquisition + argmax + documents + fsync'd run-log append.
// Usage: npm run bench -- agent [--steps K]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NEVER, lastValueFrom, of, tap } from 'rxjs';
import { logExpectedImprovement } from '../src/agents/acquisition/expected-improvement.ts';
import { upperConfidenceBound } from '../src/agents/acquisition/upper-confidence-bound.ts';
import type { Acquisition } from '../src/agents/acquisition/acquisition.ts';
import { runAgent } from '../src/agents/agent.ts';
import { surrogatePort } from '../src/agents/factories.ts';
import { GpSurrogate } from '../src/models/gp/gp-surrogate.ts';
import { SequentialGpSurrogate } from '../src/models/gp/sequential-gp.ts';
import { matrix } from '../src/models/surrogate.ts';
import type { SearchSpace } from '../src/agents/search-space.ts';
import { systemClock } from '../src/events/document-factory.ts';
import { RunLogWriter } from '../src/runlog/run-log-writer.ts';

const GRID = 100;

/** A 100×100 grid on [−3, 3]² with a smooth multi-modal objective standing in for Σ|curl|. */
function gridSpace(): SearchSpace {
  const z = matrix(GRID * GRID, 2);
  for (let j = 0; j < GRID; j++) {
    for (let i = 0; i < GRID; i++) {
      z.data[2 * (j * GRID + i)] = -3 + (6 * i) / (GRID - 1);
      z.data[2 * (j * GRID + i) + 1] = -3 + (6 * j) / (GRID - 1);
    }
  }
  const f = (x: number, y: number): number => 40 + 3 * Math.sin(1.3 * x) * Math.cos(0.9 * y) + 2 * Math.exp(-((x - 1) ** 2 + (y + 1) ** 2));
  return {
    name: 'bench-grid', candidates: z, featureNames: ['z1', 'z2'],
    toCommand: (i) => ({ kind: 'pole', field: Float64Array.of(z.data[2 * i], z.data[2 * i + 1]), units: 'Ec', dtMs: 1 }),
    toObservation: (_i, m) => ({ y: f(m.command.kind === 'pole' ? m.command.field[0] : 0, m.command.kind === 'pole' ? m.command.field[1] : 0), record: {} }),
    dataKeys: () => ({}),
  };
}

/** Median ms per model step with n points already measured. */
async function stepCost(n: number, steps: number, acquisition: Acquisition, sequential: boolean): Promise<{ median: number; mean: number; fitMs: number }> {
  const space = gridSpace();
  const gp = new GpSurrogate({ seed: 1 });
  const writer = new RunLogWriter(join(mkdtempSync(join(tmpdir(), 'ferroloop-bench-')), 'run.jsonl'));
  const instrument = { name: 'instant', measure: (cmd: never) => of({ command: cmd, instrument: 'instant', at: 0, arrays: {} }), close: () => of(undefined) };
  const stamps: number[] = [];
  const fits: number[] = [];
  await lastValueFrom(runAgent(NEVER, {
    instrument: instrument as never, space, clock: systemClock, acquisition,
    surrogate: surrogatePort(sequential ? new SequentialGpSurrogate(gp, space.candidates) : gp),
  }, {
    budget: n + steps, initialPoints: n, seed: 1, direction: 'maximize', posteriorEvery: 0, metadata: {},
    retry: { maxAttempts: 1, backoffMs: 0, fatalCodes: [] },
  }).pipe(tap((e) => {
    if (e.kind === 'document') writer.append(e.doc);
    if (e.kind === 'status' && e.type === 'agent/progress' && e.payload.step > n) stamps.push(performance.now());
    if (e.kind === 'document' && e.doc[0] === 'event' && 'fit_ms' in e.doc[1].data) fits.push(e.doc[1].data.fit_ms as number);
  })));
  writer.close();
  const gaps = stamps.slice(1).map((t, i) => t - stamps[i]).sort((a, b) => a - b);
  fits.sort((a, b) => a - b);
  return { median: gaps[Math.floor(gaps.length / 2)], mean: gaps.reduce((a, g) => a + g, 0) / gaps.length, fitMs: fits[Math.floor(fits.length / 2)] };
}

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { steps: { type: 'string' } } });
  const steps = Number(values.steps ?? 60);
  console.log(`agent overhead per step on a ${GRID}×${GRID} candidate grid (GP Matérn-5/2, log-EI, fsync'd run log), ${steps - 1} steps:`);
  for (const sequential of [false, true]) {
    const label = sequential ? 'sequential GP (refit at +10 % or 50 points)' : 'full refit every step (baseline)';
    for (const n of [100, 300, 600]) {
      const runSteps = sequential ? steps : Math.min(steps, 12);
      const { median, mean, fitMs } = await stepCost(n, runSteps, logExpectedImprovement(), sequential);
      console.log(`  ${label.padEnd(44)} n = ${String(n).padStart(3)}: median ${median.toFixed(1).padStart(7)} ms, mean ${mean.toFixed(1).padStart(7)} ms/step (surrogate fit median ${fitMs.toFixed(1)} ms)`);
    }
  }
  console.log('  target: ≤ 100 ms per step at n = 600');
  void upperConfidenceBound;
}
