import type { CampaignConfig } from '../../config.ts';
import { defaultTwinConfig } from '../../drivers/twin/twin-config.ts';
import { twinRunOptions } from '../../drivers/twin/twin-physics.ts';
import { createTwinSample } from '../../drivers/twin/twin-sample.ts';
import { fieldFromSpec } from '../../sim/sim-spec.ts';
import { runSweep } from '../../sweep/run-sweep.ts';
import { contentHash, readCachedArray, writeCachedArray } from '../content-cache.ts';
import { parameterGridSpace } from '../spaces/parameter-grid-space.ts';
import type { PrepareHooks } from './latent-bo.ts';
import { asAbort } from '../../util/abort.ts';
import type { PreparedWorkflow } from './prepared-workflow.ts';

type ParamBoConfig = CampaignConfig & { workflow: { kind: 'param-bo' } };

/**
 * Workflow W1: a K × α_dep grid on the simulator; the ground truth is the whole grid by a parallel sweep
 * (the grid search's cost is reported beside the BO's), cached by content hash.
 */
export async function prepareParamBo(cfg: ParamBoConfig, hooks: PrepareHooks): Promise<PreparedWorkflow> {
  const w = cfg.workflow;
  const twin = cfg.instrument.kind === 'ferrosim' ? cfg.instrument.twin : defaultTwinConfig();
  const component = twin.fieldComponent === 'x' ? 0 : 1;
  const spec = fieldFromSpec(w.field);
  // The trajectory (the recipe's driven component) is applied on the twin's field component, one value per twin step.
  const driven = w.field.kind === 'samples' ? component : w.field.component === 'x' ? 0 : 1;
  const field = Float64Array.from({ length: spec.timeVec.length }, (_, t) => spec.field[2 * t + driven]);
  const space = parameterGridSpace({ k: { name: 'k', ...w.k }, depAlpha: { name: 'depAlpha', ...w.depAlpha }, field, component, response: w.response });
  let groundTruth: Float64Array | undefined;
  let gridSeconds: number | undefined;
  if (w.groundTruth) {
    const key = `param-truth-${contentHash({ twin, k: w.k, depAlpha: w.depAlpha, response: w.response }, field)}`;
    groundTruth = readCachedArray(hooks.cacheDir, key, space.candidates.rows);
    if (!groundTruth) {
      const sample = createTwinSample(twin);
      const t0 = performance.now();
      const tasks = Array.from({ length: space.candidates.rows }, (_, i) => {
        const c = space.toCommand(i);
        const params = c.kind === 'simulate' ? c.params : {};
        return { options: twinRunOptions({ ...twin, ...params }, sample.defects, sample.initial, field) };
      });
      const summaries = await runSweep(tasks, { workers: hooks.workers, signal: hooks.signal, onProgress: (d, t) => hooks.onProgress?.('grid search', d, t) })
        .catch((err: unknown) => { throw asAbort(err, hooks.signal, 'the grid-search sweep'); });
      gridSeconds = (performance.now() - t0) / 1000;
      const pick = w.response === 'curl' ? 'curlAbsSum' : w.response === 'loop-area' ? (component === 0 ? 'loopAreaX' : 'loopAreaY') : (component === 0 ? 'meanPx' : 'meanPy');
      groundTruth = Float64Array.from(summaries, (s) => (w.response === 'remanent' ? Math.abs(s[pick]) : s[pick]));
      writeCachedArray(hooks.cacheDir, key, groundTruth);
      hooks.log?.(`grid search: ${space.candidates.rows} runs in ${gridSeconds.toFixed(1)} s (cached)`);
    } else {
      hooks.log?.('grid search loaded from cache');
    }
  }
  const kr = space.values.k;
  const dr = space.values.depAlpha;
  const log = w.k.scale === 'log';
  return {
    space, groundTruth,
    grid: {
      nx: kr.length, ny: dr.length, xLabel: log ? 'log10 k' : 'k', yLabel: 'depolarisation',
      titles: { x: 'coupling k (code units)', y: 'depolarisation α_dep (code units)' }, xLog10: log,
      x: log ? [Math.log10(kr[0]), Math.log10(kr[kr.length - 1])] : [kr[0], kr[kr.length - 1]], y: [dr[0], dr[dr.length - 1]],
    },
    coordinates: space.candidates.data,
    info: { grid_points: space.candidates.rows, ...(gridSeconds !== undefined ? { grid_search_seconds: gridSeconds } : {}) },
  };
}
