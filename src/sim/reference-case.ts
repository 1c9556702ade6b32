import { z } from 'zod';
import { InputError } from '../errors.ts';
import { MODES } from './modes.ts';
import type { SimOptions } from './sim-options.ts';

/** A JSON number; the bare NaN/Infinity tokens Python writes arrive here as strings and are refused by name. */
const finite = z.preprocess(
  (v) => (v === 'NaN' || v === 'Infinity' || v === '-Infinity' ? Number(v) : v),
  z.number({ error: (iss) => (typeof iss.input === 'number' ? `must be finite, got ${iss.input}` : 'expected a number') }),
);
const row2 = z.array(finite).length(2, { error: 'expected a pair [x, y]' });
const matrix = z.array(z.array(finite));

/** A scalar or a per-site list; errors name the scalar or the list element rather than "Invalid input". */
const scalarOrList = z.unknown().transform((v, ctx): number | number[] => {
  const parsed = Array.isArray(v) ? z.array(finite).safeParse(v) : finite.safeParse(v);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
});

/** The `inputs` block of a FerroSIM case file (docs/ferrosim-case-format.md). */
export const CaseInputsSchema = z.strictObject({
  n: z.number().int().min(2).max(4096),
  mode: z.enum(MODES),
  k: scalarOrList,
  dep_alpha: scalarOrList,
  gamma: finite.optional(),
  stochastic: z.boolean().optional(),
  np_seed: z.number().int().nullable().optional(),
  alpha1: finite.optional(),
  alpha2: finite.optional(),
  alpha3: finite.nullable().optional(),
  Ec: finite.optional(),
  time_vec: z.array(finite).min(2),
  appliedE_units_Ec: z.array(row2),
  defects_units_Ec: z.array(row2).optional(),
  initial_p: z.array(matrix).optional(),
}).superRefine((v, ctx) => {
  const sites = v.n * v.n;
  const issue = (path: (string | number)[], message: string): void => {
    ctx.addIssue({ code: 'custom', path, message });
  };
  if (v.appliedE_units_Ec.length !== v.time_vec.length) {
    issue(['appliedE_units_Ec'], `needs one [Ex, Ey] row per time point (${v.time_vec.length}), got ${v.appliedE_units_Ec.length}`);
  }
  if (v.defects_units_Ec && v.defects_units_Ec.length !== sites) {
    issue(['defects_units_Ec'], `needs n² = ${sites} rows, got ${v.defects_units_Ec.length}`);
  }
  for (const key of ['k', 'dep_alpha'] as const) {
    const value = v[key];
    if (Array.isArray(value) && value.length !== sites) issue([key], `needs a scalar or n² = ${sites} values, got ${value.length}`);
  }
  if (v.initial_p) {
    const p = v.initial_p;
    if (p.length !== 2 || p.some((c) => c.length !== v.n || c.some((r) => r.length !== v.n))) {
      issue(['initial_p'], `needs shape [2][${v.n}][${v.n}]`);
    }
  }
});

/** A whole case file: inputs, plus the reference's recorded stochastic site selections. */
export const CaseFileSchema = z.object({
  name: z.string().optional(),
  inputs: CaseInputsSchema,
  stochastic_selections: z.array(z.array(z.number().int().min(0))).nullable().optional(),
});
export type CaseFile = z.infer<typeof CaseFileSchema>;

/** Parses case-file text; throws InputError naming the first offending field. */
export function parseCaseText(text: string): CaseFile {
  let raw: unknown;
  try {
    raw = JSON.parse(quoteNonFiniteTokens(text));
  } catch (err) {
    throw new InputError('', `not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = CaseFileSchema.safeParse(raw);
  if (!parsed.success) throw zodToInputError(parsed.error);
  return parsed.data;
}

/** The first zod issue as an InputError whose path reads like `inputs.time_vec[3]`. */
export function zodToInputError(error: z.ZodError, prefix = ''): InputError {
  const issue = error.issues[0];
  const path = formatPath(issue.path, prefix);
  return new InputError(path, issue.message, { code: 'INPUT_INVALID' });
}

/** Formats a zod path as `a.b[3].c`. */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out || '(root)';
}

/** Simulation options equivalent to a case file: reference physics, Euler, replayed selections if stochastic. */
export function caseToSimOptions(c: CaseFile): SimOptions {
  const inp = c.inputs;
  const T = inp.time_vec.length;
  const landau = inp.alpha1 !== undefined && inp.alpha2 !== undefined
    ? { alpha1: inp.alpha1, alpha2: inp.alpha2, alpha3: inp.alpha3 ?? 0 }
    : undefined;
  const initial = inp.initial_p ? inp.initial_p.flat(2) : undefined;
  let update: SimOptions['update'] = { kind: 'deterministic' };
  if (inp.stochastic) {
    if (!c.stochastic_selections) {
      throw new InputError('stochastic_selections', 'a stochastic case needs the recorded selections to be reproduced');
    }
    update = { kind: 'stochastic-replay', selections: c.stochastic_selections };
  }
  return {
    n: inp.n,
    mode: inp.mode,
    landau,
    k: inp.k,
    depAlpha: inp.dep_alpha,
    gamma: inp.gamma ?? 1,
    timeVec: inp.time_vec,
    field: inp.appliedE_units_Ec.flat(),
    defects: inp.defects_units_Ec?.flat(),
    init: initial ? { kind: 'explicit', p: initial } : { kind: 'remanent' },
    update,
    snapshotSteps: [1, 2, 3, 10, 100].filter((s) => s < T),
  };
}

/** Turns Python's bare NaN / Infinity tokens (outside strings) into strings so the schema can name them. */
function quoteNonFiniteTokens(text: string): string {
  return text.replace(/("(?:[^"\\]|\\.)*")|(-?Infinity|NaN)/g, (m, str: string | undefined) => (str !== undefined ? str : `"${m}"`));
}
