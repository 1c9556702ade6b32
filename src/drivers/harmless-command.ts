import type { Command, CommandKind, InstrumentInfo } from './instrument.ts';

/**
 * A small command of the given kind that every instrument declaring the capability accepts: a 64-point sine at
 * min(10 % of the peak limit, 2 Ec) (or all zeros when `zeroField`), a scan of the default size at 8 × 8 pixels of
 * PX and PY (or TOPO), a 32-point triangle at ±25 % of the tip limit in the middle of the default scan area, a
 * 64-point one-Ec sine simulated with the sample's own parameters.
 */
export function harmlessCommand(info: InstrumentInfo, kind: CommandKind, opts: { zeroField?: boolean } = {}): Command {
  if (kind === 'pole') {
    const lim = info.limits.pole!;
    const points = Math.min(lim.maxPoints, Math.max(lim.minPoints, 64));
    const dtMs = Math.min(lim.maxDtMs, Math.max(lim.minDtMs, 1));
    const amp = opts.zeroField ? 0 : Math.min(0.1 * lim.maxVolts, 2 * lim.voltsPerEc);
    const field = new Float64Array(points);
    for (let t = 0; t < points; t++) field[t] = amp * Math.sin((2 * Math.PI * t) / (points - 1));
    return { kind: 'pole', field, units: 'V', dtMs };
  }
  if (kind === 'simulate') {
    const field = new Float64Array(64);
    for (let t = 0; t < field.length; t++) field[t] = Math.sin((2 * Math.PI * t) / (field.length - 1));
    return { kind: 'simulate', params: {}, field };
  }
  if (kind === 'scan') {
    const outputs = info.outputs.scan ?? [];
    const channels = outputs.includes('PX') && outputs.includes('PY') ? (['PX', 'PY'] as const) : (['TOPO'] as const);
    return { kind: 'scan', channels: [...channels], pixels: [8, 8] };
  }
  const spec = info.limits.spectroscopy!;
  const centre = Math.min(spec.rangeUm, info.limits.scan?.defaultSizeUm ?? spec.rangeUm) / 2;
  const m = Math.min(spec.maxPoints, 32);
  const waveform = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const u = k / (m - 1);
    waveform[k] = 0.25 * spec.maxVolts * (u < 0.25 ? 4 * u : u < 0.75 ? 2 - 4 * u : 4 * u - 4);
  }
  return { kind: 'spectroscopy', x: centre, y: centre, waveform, dtMs: Math.min(spec.maxDtMs, Math.max(spec.minDtMs, 1)) };
}
