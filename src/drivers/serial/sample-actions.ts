import type { SampleAction } from '../errors.ts';
import type { SpectroscopyCommand } from '../instrument.ts';
import type { WaveformPlan } from './poling-protocol.ts';

/** The `*TRG` of one poling burst: points, rate (Sa/s), generator Vpp and offset (V), peak volts at the sample. */
export function burstAction(instrument: string, plan: WaveformPlan, gain: number): SampleAction {
  const peak = gain * (Math.abs(plan.offset) + plan.vpp / 2);
  return {
    instrument,
    command: '*TRG',
    sent: `burst of ${plan.samples.length} points at ${plan.srat} Sa/s (${plan.durationMs} ms), ${plan.vpp.toPrecision(4)} Vpp, offset ${plan.offset.toPrecision(4)} V at the generator, up to ${peak.toPrecision(4)} V at the sample`,
  };
}

/** The `SPEC:RUN` of one switching spectroscopy: tip position (µm), points, step (ms) and peak tip bias (V). */
export function spectroscopyAction(instrument: string, cmd: SpectroscopyCommand): SampleAction {
  let peak = 0;
  for (const v of cmd.waveform) peak = Math.max(peak, Math.abs(v));
  return {
    instrument,
    command: 'SPEC:RUN',
    sent: `switching spectroscopy at (${cmd.x}, ${cmd.y}) µm, ${cmd.waveform.length} points of ${cmd.dtMs} ms, up to ${peak.toPrecision(4)} V at the tip`,
  };
}
