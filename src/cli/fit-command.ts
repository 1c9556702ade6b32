import type { CliCommand } from '../cli.ts';
import { InputError } from '../errors.ts';
import { formatCsv, parseInputsCsv, parseTrainingCsv } from '../data/csv.ts';
import type { Surrogate } from '../models/surrogate.ts';
import { choiceFlag, intFlag, parseCliArgs } from './cli-args.ts';
import { readTextFile } from './read-text-file.ts';

const HELP = `usage: ferroloop fit --model gp|dkl --train TRAIN.csv --predict X.csv [options]

Fits a surrogate to TRAIN.csv (header x1,…,xd,y; one row per observation) and writes to stdout a CSV
with header mean,std and one row per row of X.csv (header x1,…,xd, the training columns without y).
mean and std are the posterior mean and standard deviation of the latent function, in the units of y
(observation noise excluded).

options:
  --model M        gp (exact float64 Gaussian process) | dkl (deep kernel learning, TensorFlow.js)
  --train FILE     training CSV (required; at least 2 rows)
  --predict FILE   inputs to predict at (required)
  --kernel K       gp kernel: matern52 (default) | rbf
  --priors P       gp hyperparameters: none (default; maximum likelihood, as scikit-learn) | botorch
                   (MAP with BoTorch's log-normal priors on length scales and noise, LogNormal(0,1) on s²)
  --seed N         seed for restarts / network initialisation (default 0)
  -h, --help       this help

Bad CSVs (ragged rows, non-numbers, NaN, header mismatch, fewer than 2 training rows) print one line
naming file:line:column and exit with code 2.`;

export const fitCommand: CliCommand = {
  summary: 'fit a GP or DKL surrogate to a CSV and print posterior mean,std at other points',
  async run(args) {
    const { values } = parseCliArgs(args, {
      model: { type: 'string' }, train: { type: 'string' }, predict: { type: 'string' },
      kernel: { type: 'string' }, priors: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (values.model === undefined) throw new InputError('--model', 'is required (gp or dkl; see ferroloop fit --help)');
    const model = choiceFlag('model', values.model, ['gp', 'dkl'] as const, 'gp');
    if (values.train === undefined) throw new InputError('--train', 'is required (see ferroloop fit --help)');
    if (values.predict === undefined) throw new InputError('--predict', 'is required (see ferroloop fit --help)');
    const kernel = choiceFlag('kernel', values.kernel, ['matern52', 'rbf'] as const, 'matern52');
    const priors = choiceFlag('priors', values.priors, ['none', 'botorch'] as const, 'none');
    if (model === 'dkl' && values.kernel !== undefined) throw new InputError('--kernel', 'applies to --model gp only');
    if (model === 'dkl' && values.priors !== undefined) throw new InputError('--priors', 'applies to --model gp only');
    const seed = intFlag('seed', values.seed, 0, 0, 2 ** 31 - 1);
    const train = parseTrainingCsv(await readTextFile(values.train, 'training CSV'), values.train);
    const X = parseInputsCsv(await readTextFile(values.predict, 'prediction CSV'), values.predict, train.featureNames ?? []);
    const surrogate = await makeSurrogate(model, kernel, priors, seed);
    const fitted = await surrogate.fit(train);
    try {
      const p = fitted.posterior(X);
      const std = p.variance.map((v) => Math.sqrt(Math.max(v, 0)));
      process.stdout.write(formatCsv(['mean', 'std'], [p.mean, std]));
    } finally {
      fitted.dispose();
    }
    return 0;
  },
};

/** Loads the model lazily so that `fit --model gp` never loads TensorFlow. */
async function makeSurrogate(
  model: 'gp' | 'dkl',
  kernel: 'matern52' | 'rbf',
  priors: 'none' | 'botorch',
  seed: number,
): Promise<Surrogate> {
  if (model === 'gp') {
    const { GpSurrogate } = await import('../models/gp/index.ts');
    return new GpSurrogate({ kernel, priors, seed });
  }
  const { DklSurrogate } = await import('../models/dkl/dkl.ts');
  return new DklSurrogate({ seed });
}
