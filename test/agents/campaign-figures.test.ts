import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { campaignFigureSpecs, markedPoints, writeCampaignFigures } from '../../src/agents/campaign-figures.ts';
import { loopPicks } from '../../src/agents/structure-figures.ts';
import type { PreparedWorkflow } from '../../src/agents/workflows/prepared-workflow.ts';
import { parseCampaignConfig } from '../../src/config-loader.ts';
import { repoRoot } from '../helpers/repo-paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-campaign-figures-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const config = (name: string) => parseCampaignConfig(JSON.parse(readFileSync(join(repoRoot, 'configs', name), 'utf8')));

/** A W1-shaped preparation: a 3 × 2 grid over log10 k ∈ [−1, 1] × α_dep ∈ [0, 2]. */
const w1: PreparedWorkflow = {
  space: {} as never, groundTruth: Float64Array.of(1, 2, 3, 4, 5, 6),
  grid: { nx: 3, ny: 2, x: [-1, 1], y: [0, 2], xLabel: 'log10 k', yLabel: 'depolarisation', titles: { x: 'coupling k (code units)', y: 'depolarisation α_dep (code units)' }, xLog10: true },
  coordinates: Float64Array.of(-1, 0, 0, 0, 1, 0, -1, 2, 0, 2, 1, 2), info: {},
};

describe('campaign figures', () => {
  it('W1: objective and surface with the objective named with units, k drawn on a log axis', async () => {
    const specs = await campaignFigureSpecs({ dir, config: config('param-bo.json'), prepared: w1, candidates: [0, 4, 2], y: [1, 5, 3], records: [], reconstruction: Float64Array.of(1, 2, 3, 4, 5, 5) });
    assert.deepEqual(specs.map((s) => s.name), ['objective', 'surface']);
    const text = JSON.stringify(specs);
    assert.ok(text.includes('loop area |∮⟨p_y⟩ dE_y|') && text.includes('(p · Ec)'));
    assert.ok(text.includes('"type":"log"') && text.includes('coupling k (code units)'));
  });

  it('marks each measured candidate once: best over latest over explored, k back from log10', () => {
    const points = markedPoints({ config: config('param-bo.json'), prepared: w1, candidates: [0, 4, 0, 2], y: [1, 5, 1, 3] });
    assert.deepEqual(points, [{ x: 0.1, y: 0, role: 'explored' }, { x: 1, y: 2, role: 'best' }, { x: 10, y: 0, role: 'latest' }]);
  });

  it('W3: structural scan with the measured pixels and the loops at best, latest, worst and median', async () => {
    const m = 4;
    const loop = (s: number) => [[0, 1, 0, -1], [0, s, 0, -s], [0, 0.8 * s, 0.2 * s, -0.8 * s]]; // nested [3, m] as the run log stores it
    const prepared: PreparedWorkflow = {
      space: {} as never, coordinates: Float64Array.of(0.5, 0.5, 1.5, 0.5, 0.5, 1.5, 1.5, 1.5),
      grid: { nx: 2, ny: 2, x: [0.5, 1.5], y: [0.5, 1.5], xLabel: 'x (µm)', yLabel: 'y (µm)' },
      info: { structure_scan: { channel: 'TOPO', nx: 2, ny: 2, sizeUm: 2, image: [0, 1, 2, 3] } },
    };
    const y = [0.2, 0.9, 0.5, 0.4];
    assert.deepEqual(loopPicks(y, 'maximize').map((p) => p.why), ['best', 'latest', 'worst', 'median']);
    const paths = await writeCampaignFigures({
      dir, config: config('dkl-microscope.json'), prepared, candidates: [0, 1, 2, 3], y, records: y.map((v) => ({ loop: loop(v), pixel: [0, 0] })),
      reconstruction: Float64Array.of(0.2, 0.8, 0.5, 0.4),
    });
    assert.deepEqual(paths.map((p) => p.split('/').pop()), ['objective.png', 'surface.png', 'structure.png', 'loops.png']);
    for (const base of ['objective', 'surface', 'structure', 'loops']) {
      for (const ext of ['svg', 'png', 'vl.json']) assert.ok(readdirSync(dir).includes(`${base}.${ext}`), `${base}.${ext}`);
    }
    const structure = readFileSync(join(dir, 'structure.svg'), 'utf8');
    for (const t of ['TOPO topography', '(nm)', 'x (µm)', 'y (µm)', 'worst (loop shown)', 'median (loop shown)', 'best', 'latest']) assert.ok(structure.includes(t), t);
    const loops = readFileSync(join(dir, 'loops.svg'), 'utf8');
    for (const t of ['tip bias (V)', 'piezoresponse (a.u.)', 'best (evaluation 2) at (1.50, 0.50) µm: loop area 0.900', 'worst (evaluation 1)', 'median (evaluation 3)']) assert.ok(loops.includes(t), t);
    const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(loops)!.map(Number);
    const png = PNG.sync.read(readFileSync(join(dir, 'loops.png')));
    assert.deepEqual([png.width, png.height], [2 * w, 2 * h]);
    const spec = JSON.parse(readFileSync(join(dir, 'loops.vl.json'), 'utf8'));
    assert.equal(spec.spec.encoding.x.title, 'tip bias (V)');
    assert.equal(spec.data.values.length, 4 * 2 * (m + 2)); // 4 loops × 2 branches × (m samples + the closing segment's 2 ends)
  });
});
