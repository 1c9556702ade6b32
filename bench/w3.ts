// Workflow W3 on the digital twin: DKL on structural patches vs an exact GP on the same patches vs a GP on raw (x, y)
// vs random sampling, over seeds.
// Usage: npm run bench -- w3 [--seeds 3] [--budget 100] [--dkl path=value …] (--dkl: one more DKL row with these overrides,
//        e.g. --dkl surrogate.options.weightPrior=1)
import { parseArgs } from 'node:util';
import { reportRandom, reportVariant } from './lib/campaign-report.ts';

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { seeds: { type: 'string' }, budget: { type: 'string' }, dkl: { type: 'string', multiple: true } } });
  const seeds = Number(values.seeds ?? 3);
  const budget = [`agent.budget=${values.budget ?? 100}`];
  const dkl = await reportVariant('configs/dkl-microscope.json', 'DKL on 8×8 AMPL patches (log-EI)', budget, seeds);
  if (values.dkl?.length) await reportVariant('configs/dkl-microscope.json', `DKL with ${values.dkl.join(' ')}`, [...budget, ...values.dkl], seeds);
  await reportVariant('configs/dkl-microscope.json', 'exact GP on the same patches (log-EI)', [...budget, 'surrogate={"kind":"gp"}'], seeds);
  await reportVariant('configs/dkl-microscope.json', 'GP on raw (x, y) (log-EI)', [...budget, 'workflow.features=coordinates', 'surrogate={"kind":"gp"}'], seeds);
  reportRandom(dkl, `${values.budget ?? 100} draws`);
}
