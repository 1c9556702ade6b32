import type * as z from 'zod/mini';
import type { FieldView, PolarizationView } from './dashboard-state.ts';
import { type MeasuredSchema, toFloat64 } from './payloads.ts';

/**
 * The field trajectory (command.field, one value per time step) and the PX/PY polarization map (ny x nx,
 * row-major) of one `instrument/measured` payload; either is undefined when absent or malformed.
 */
export function readMeasurement(p: z.infer<typeof MeasuredSchema>): { field?: FieldView; polarization?: PolarizationView } {
  const out: { field?: FieldView; polarization?: PolarizationView } = {};
  if (p.command.field && p.command.field.length > 0) {
    out.field = { step: p.step, values: toFloat64(p.command.field), units: p.command.units ?? '' };
  }
  const px = p.arrays.PX;
  const py = p.arrays.PY;
  if (px && py && px.shape.length === 2 && sameShape(px.shape, py.shape)) {
    const [ny, nx] = px.shape as [number, number];
    if (px.data.length === nx * ny && py.data.length === nx * ny && nx > 0 && ny > 0) {
      out.polarization = { step: p.step, nx, ny, px: toFloat64(px.data), py: toFloat64(py.data) };
    }
  }
  return out;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
