// Figure rendering at W2's sizes (no training, no simulation): a 100 × 100 latent grid (truth and model mean),
// 600 evaluations, 7500 encoded trajectories, an 8 × 8 manifold of 900-step curves. Prints the time of each figure
// (spec → SVG → 2× PNG → files) and the total; the first figure also pays for loading vega and resvg.
// Usage: npm run bench -- figures [--evaluations 600]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { campaignFigureSpecs } from '../src/agents/campaign-figures.ts';
import type { PreparedWorkflow } from '../src/agents/workflows/prepared-workflow.ts';
import { parseCampaignConfig } from '../src/config-loader.ts';
import { curveGridSpec } from '../src/figures/curve-grid-spec.ts';
import { densitySpec } from '../src/figures/density-spec.ts';
import { renderFigure } from '../src/figures/render-figure.ts';
import { Rng } from '../src/sim/rng.ts';

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { evaluations: { type: 'string' } } });
  const n = Number(values.evaluations ?? 600);
  const rng = new Rng(1);
  const g = 100;
  const surface = (i: number) => 40 - ((i % g) / 10 - 3) ** 2 / 4 - (Math.floor(i / g) / 10 - 2) ** 2 / 3;
  const truth = Float64Array.from({ length: g * g }, (_, i) => surface(i));
  const mean = truth.map((v) => v + 0.5 * rng.normal());
  const coordinates = Float64Array.from({ length: 2 * g * g }, (_, k) => (k % 2 === 0 ? (k / 2) % g : Math.floor(k / 2 / g)) / 10);
  const candidates = Array.from({ length: n }, () => Math.floor(rng.uniform() * g * g));
  const xy = Float64Array.from({ length: 2 * 7500 }, () => 5 * rng.normal() + 5);
  const curves = Float64Array.from({ length: 64 * 900 }, (_, k) => Math.sin(k / 90) * (1 + Math.floor(k / 900) / 16));
  const prepared: PreparedWorkflow = {
    space: {} as never, groundTruth: truth, coordinates, info: {},
    grid: { nx: g, ny: g, x: [0, 9.9], y: [0, 9.9], xLabel: 'z1', yLabel: 'z2', titles: { x: 'z₁ (latent units)', y: 'z₂ (latent units)' } },
    figures: [
      { name: 'latent', spec: densitySpec({ title: 'latent', xy, x: [0, 10], y: [0, 10], xTitle: 'z₁', yTitle: 'z₂', countTitle: 'trajectories per bin' }) },
      { name: 'manifold', spec: curveGridSpec({ title: 'manifold', curves, samples: 900, colValues: [0, 1, 2, 3, 4, 5, 6, 7], rowValues: [0, 1, 2, 3, 4, 5, 6, 7], colTitle: 'z₁', rowTitle: 'z₂', xTitle: 'step', yTitle: 'E (Ec)' }) },
    ],
  };
  const config = parseCampaignConfig(JSON.parse(readFileSync('configs/latent-bo.json', 'utf8')));
  const dir = mkdtempSync(join(tmpdir(), 'ferroloop-bench-figures-'));
  try {
    for (const round of ['cold', 'warm']) {
      const t0 = performance.now();
      const specs = await campaignFigureSpecs({ dir, config, prepared, candidates, y: candidates.map((c) => truth[c]), records: [], reconstruction: mean });
      const built = performance.now();
      const parts = [`specs ${(built - t0).toFixed(0)} ms`];
      for (const { name, spec } of specs) {
        const t = performance.now();
        await renderFigure(spec, join(dir, name));
        parts.push(`${name} ${(performance.now() - t).toFixed(0)} ms`);
      }
      console.log(`${round}: ${parts.join(', ')}; total ${((performance.now() - t0) / 1000).toFixed(2)} s (${n} evaluations, ${g}×${g} grid)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
