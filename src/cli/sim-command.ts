import { InputError } from '../errors.ts';
import type { CliCommand } from '../cli.ts';
import { curl, curlAbsSum, meanPolarizationMagnitude } from '../sim/observables.ts';
import { caseToSimOptions, parseCaseText } from '../sim/reference-case.ts';
import type { SimOptions } from '../sim/sim-options.ts';
import { simulate } from '../sim/simulate.ts';
import { choiceFlag, intFlag, parseCliArgs } from './cli-args.ts';
import { readTextFile } from './read-text-file.ts';

const HELP = `usage: ferroloop sim --case FILE [options]

Runs one FerroSIM simulation described by a case file (format: docs/ferrosim-case-format.md)
(its "inputs", and "stochastic_selections" when the case is stochastic) and prints one JSON
object with the keys of that format's "outputs":
  P_final, P_final_integrator_array   [2][n][n]  final state (atoms copy / integrator copy)
  mean_P_vs_time, ..._integrator_array [2][T]    site-mean polarization per step
  P_snapshots                          {step: [2][n][n]} at steps 1, 2, 3, 10, 100
  curl_final [n][n], curl_abs_sum, curl_abs_sum_integrator_array,
  mean_P_final_magnitude, env_reward_curl_over_pmag

options:
  --case FILE            case file (required)
  --physics P            reference (default, bug-compatible) | corrected
  --boundary B           open | periodic (corrected physics only; default periodic)
  --integrator I         euler (default) | heun | rk4 (deterministic runs)
  --seed N               stochastic case: draw sites with ferroloop's seeded RNG instead of replaying
  --engine E             auto (default) | js | wasm
  --pretty               indent the JSON
  -h, --help             this help

Bad input prints one line naming the field and exits with code 2.`;

/** Shapes a flat [comp][i][j] array as nested [2][n][n] lists. */
function lattice(p: Float64Array, n: number): number[][][] {
  return [0, 1].map((c) => Array.from({ length: n }, (_, i) => Array.from(p.subarray(c * n * n + i * n, c * n * n + (i + 1) * n))));
}

/** Shapes a flat [comp][t] array as [2][T]. */
function series(p: Float64Array, T: number): number[][] {
  return [Array.from(p.subarray(0, T)), Array.from(p.subarray(T))];
}

export const simCommand: CliCommand = {
  summary: 'run one FerroSIM case file and print its outputs as JSON',
  async run(args) {
    const { values } = parseCliArgs(args, {
      case: { type: 'string' }, physics: { type: 'string' }, boundary: { type: 'string' },
      integrator: { type: 'string' }, seed: { type: 'string' }, engine: { type: 'string' },
      pretty: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (values.case === undefined) throw new InputError('--case', 'is required (see ferroloop sim --help)');
    const parsed = parseCaseText(await readTextFile(values.case, 'case file'));
    let options: SimOptions = caseToSimOptions(parsed);
    const physics = choiceFlag('physics', values.physics, ['reference', 'corrected'] as const, 'reference');
    options = {
      ...options,
      physics,
      boundary: values.boundary === undefined ? undefined : choiceFlag('boundary', values.boundary, ['open', 'periodic'] as const, 'periodic'),
      integrator: choiceFlag('integrator', values.integrator, ['euler', 'heun', 'rk4'] as const, 'euler'),
      engine: choiceFlag('engine', values.engine, ['auto', 'js', 'wasm'] as const, 'auto'),
    };
    if (values.seed !== undefined && parsed.inputs.stochastic) {
      options = { ...options, update: { kind: 'stochastic', seed: intFlag('seed', values.seed, 0) } };
    }
    const r = simulate(options);
    const n = r.n;
    const curlSum = curlAbsSum(r.pFinal, n, r.curlBoundary);
    const magnitude = meanPolarizationMagnitude(r.pFinal, n);
    const out = {
      P_final: lattice(r.pFinal, n),
      P_final_integrator_array: lattice(r.pFinalIntegrator, n),
      mean_P_vs_time: series(r.meanP, r.steps),
      mean_P_vs_time_integrator_array: series(r.meanPIntegrator, r.steps),
      P_snapshots: Object.fromEntries([...r.snapshots].map(([step, p]) => [String(step), lattice(p, n)])),
      curl_final: Array.from({ length: n }, (_, i) => Array.from(curl(r.pFinal, n, r.curlBoundary).subarray(i * n, (i + 1) * n))),
      curl_abs_sum: curlSum,
      curl_abs_sum_integrator_array: curlAbsSum(r.pFinalIntegrator, n, r.curlBoundary),
      mean_P_final_magnitude: magnitude,
      env_reward_curl_over_pmag: curlSum / magnitude,
    };
    process.stdout.write(`${JSON.stringify(out, null, values.pretty ? 2 : undefined)}\n`);
    return 0;
  },
};
