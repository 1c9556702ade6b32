// Workflow W2 as in the lecture, over several seeds: the lecture's μ + 10σ, ferroloop's default acquisition with
// the lecture's 100 random points, and ferroloop's default config (10 random points); random search from the
// ground truth. Prints best/true max, evaluations to 99 % of the max, R² of the reconstructed surface.
// Usage: npm run bench -- w2 [--seeds 5]
import { parseArgs } from 'node:util';
import { reportRandom, reportVariant } from './lib/campaign-report.ts';

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { seeds: { type: 'string' } } });
  const seeds = Number(values.seeds ?? 5);
  const lecture = await reportVariant('configs/latent-bo.json', 'lecture: 100 random + μ+10σ', ['acquisition={"kind":"ucb","kappa":10}', 'agent.initialPoints=100'], seeds);
  await reportVariant('configs/latent-bo.json', 'default acquisition (log-EI), 100 random', ['acquisition={"kind":"log-ei"}', 'agent.initialPoints=100'], seeds);
  await reportVariant('configs/latent-bo.json', 'default config: log-EI, 10 random', ['acquisition={"kind":"log-ei"}', 'agent.initialPoints=10'], seeds);
  reportRandom(lecture, '600 draws');
}
