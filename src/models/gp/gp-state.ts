/** Serialisable state of a fitted GP and its zod schema (format 'ferroloop.gp', version 1). */
import { z } from 'zod';
import { InputError } from '../../errors.ts';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const positive = finite.refine((v) => v > 0, 'must be > 0');

export const gpStateSchema = z
  .object({
    format: z.literal('ferroloop.gp'),
    version: z.literal(1),
    kernel: z.enum(['rbf', 'matern52']),
    /** ARD length scales in unit-box units, length d. */
    lengthscales: z.array(positive).min(1),
    /** Output scale s² and noise variance σ², standardised-target units. */
    outputscale: positive,
    noise: positive,
    /** Unit-box map of the inputs, length d each. */
    xLower: z.array(finite),
    xUpper: z.array(finite),
    yMean: finite,
    yStd: positive,
    /** Training inputs in the unit box (n rows of d) and standardised targets (length n). */
    X: z.array(z.array(finite)).min(1),
    y: z.array(finite),
  })
  .superRefine((s, ctx) => {
    const d = s.lengthscales.length;
    if (s.xLower.length !== d) ctx.addIssue({ code: 'custom', path: ['xLower'], message: `must have ${d} entries` });
    if (s.xUpper.length !== d) ctx.addIssue({ code: 'custom', path: ['xUpper'], message: `must have ${d} entries` });
    s.X.forEach((row, i) => {
      if (row.length !== d) ctx.addIssue({ code: 'custom', path: ['X', i], message: `must have ${d} entries` });
    });
    if (s.y.length !== s.X.length) ctx.addIssue({ code: 'custom', path: ['y'], message: `must have ${s.X.length} entries` });
  });

export type GpState = z.infer<typeof gpStateSchema>;

/** Validates unknown JSON as a GP state; errors name the offending field path. */
export function parseGpState(json: unknown): GpState {
  const r = gpStateSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InputError(['gp', ...issue.path.map(String)].join('.'), issue.message, { code: 'MODEL_INVALID' });
  }
  return r.data;
}
