import type * as z from 'zod/mini';
import type { FieldView, LoopView, PolarizationView } from './dashboard-state.ts';
import { type MeasuredSchema, toFloat64 } from './payloads.ts';

/** What one measurement contributes to the views (each part undefined when absent or malformed). */
export interface MeasurementViews {
  field?: FieldView;
  polarization?: PolarizationView;
  loop?: LoopView;
}

/**
 * The field trajectory (command.field, one value per time step), the PX/PY polarization map (ny x nx,
 * row-major) and the spectroscopy `loop` (3 x M: bias, on, off) of one `instrument/measured` payload.
 */
export function readMeasurement(p: z.infer<typeof MeasuredSchema>): MeasurementViews {
  const out: MeasurementViews = {};
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
  const loop = p.arrays.loop;
  if (loop && loop.shape.length === 2 && loop.shape[0] === 3 && loop.data.length === 3 * loop.shape[1] && loop.shape[1] > 0) {
    const m = loop.shape[1];
    const rows = toFloat64(loop.data);
    out.loop = { step: p.step, bias: rows.slice(0, m), on: rows.slice(m, 2 * m), off: rows.slice(2 * m) };
  }
  return out;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
