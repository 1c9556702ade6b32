import type { Instrument } from '../../drivers/instrument.ts';
import { InputError } from '../../errors.ts';
import { candidateFeasibility, feasibilityInfo } from '../feasibility.ts';
import type { PreparedWorkflow } from './prepared-workflow.ts';

/**
 * The prepared workflow with its infeasible candidates marked (checked against the connected instrument's limits)
 * and counted in `info` (candidates_total, candidates_infeasible); says so through `log`. Refuses (CONFIG_INVALID)
 * a search space in which no candidate is feasible.
 */
export function withFeasibility(prepared: PreparedWorkflow, instrument: Pick<Instrument, 'info' | 'check'>, budget: number, log?: (m: string) => void): PreparedWorkflow {
  const f = candidateFeasibility(prepared.space, instrument);
  const total = f.infeasible.length;
  const why = f.example ? ` (e.g. candidate ${f.example.candidate}: ${f.example.message})` : '';
  if (total > 0 && f.count === total) {
    throw new InputError(instrument.info.name, `every one of the ${total} candidates breaks the instrument's limits${why}`, { code: 'CONFIG_INVALID' });
  }
  if (f.count > 0) {
    log?.(`${f.count} of ${total} candidates break ${instrument.info.name}'s limits and are excluded from the search${why}`);
    if (total - f.count < budget) log?.(`only ${total - f.count} candidates are feasible: the run ends short of its budget of ${budget}`);
  }
  return { ...prepared, infeasible: f.infeasible, info: { ...prepared.info, ...feasibilityInfo(f) } };
}
