// Workflow W1: GP-BO over K × α_dep against the 40 × 40 grid search, over several seeds and the three responses.
// Usage: npm run bench -- w1 [--seeds 5]
import { parseArgs } from 'node:util';
import { reportRandom, reportVariant } from './lib/campaign-report.ts';

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { seeds: { type: 'string' } } });
  const seeds = Number(values.seeds ?? 5);
  for (const response of ['loop-area', 'curl', 'remanent']) {
    const rows = await reportVariant('configs/param-bo.json', `GP-BO (log-EI, 8 random), ${response}`, [`workflow.response=${response}`], seeds);
    reportRandom(rows, 'same 40 evaluations');
    console.log(`${'grid search'.padEnd(44)} 1600 evaluations to find the maximum exactly`);
  }
}
