import { DigitalTwin } from '../twin/digital-twin.ts';
import type { TwinConfig } from '../twin/twin-config.ts';
import { createAwgController } from './awg-emulator.ts';
import type { FaultOptions } from './fault-injector.ts';
import { createPfmController, type PfmState } from './pfm-emulator.ts';
import { ScpiDevice } from './scpi-device.ts';
import { DeviceError } from './scpi-parse.ts';

export interface VirtualRigOptions {
  readonly twin: TwinConfig;
  /** HV amplifier gain (volts at the sample per generator volt). */
  readonly hvGain: number;
  /** Volts at the sample per Ec unit of field. */
  readonly voltsPerEc: number;
  /** Pristine sample before every burst ('reset', as W2 on the simulator) or an evolving sample ('persist'). */
  readonly polePolicy?: 'reset' | 'persist';
  readonly spectroscopyPolicy?: 'reset' | 'persist';
  readonly awgFaults?: FaultOptions;
  readonly pfmFaults?: FaultOptions;
  /** Start with the HV interlock open (poling refused). */
  readonly interlockOpen?: boolean;
  /** Bursts take their real duration (points / sample rate) before `*OPC?` answers. */
  readonly realtime?: boolean;
}

/** Both emulated controllers over one digital-twin sample; attach each device to a transport to serve it. */
export interface VirtualRig {
  readonly twin: DigitalTwin;
  readonly awg: ScpiDevice;
  readonly pfm: ScpiDevice;
  /** Live interlock switch (true = open, poling refused). */
  interlockOpen: boolean;
  /** Bursts played so far. */
  readonly bursts: number;
  /** Live controller settings (for tests and logs). */
  readonly awgState: ReturnType<typeof createAwgController>['state'];
  readonly pfmState: PfmState;
}

/** Builds the virtual rig: a burst scales generator volts by hvGain/voltsPerEc into a global field on the twin. */
export function createVirtualRig(opts: VirtualRigOptions): VirtualRig {
  const twin = new DigitalTwin(opts.twin, 'inline', opts.polePolicy ?? 'reset', opts.spectroscopyPolicy ?? 'persist');
  let bursts = 0;
  let pfmRoute: () => 'GLOB' | 'TIP' = () => 'GLOB';
  const rig = {
    twin,
    interlockOpen: opts.interlockOpen ?? false,
    get bursts() { return bursts; },
  } as VirtualRig;
  const awgController = createAwgController({
    burst: async (generatorVolts, srat) => {
      if (rig.interlockOpen) throw new DeviceError(-200, 'Execution error; HV interlock open, burst blocked');
      if (pfmRoute() === 'TIP') throw new DeviceError(-221, 'Settings conflict; tip-routed poling is not modelled by the virtual rig');
      const played = twin.pole(generatorVolts.map((v) => (v * opts.hvGain) / opts.voltsPerEc));
      if (opts.realtime) await new Promise((r) => setTimeout(r, (1000 * generatorVolts.length) / srat));
      await played;
      bursts++;
    },
  }, `ferroloop,VAWG-33500,EMU-${opts.twin.seed},1.0`, () => awg.byteOrder);
  const awg = new ScpiDevice(awgController, opts.awgFaults);
  const pfmController = createPfmController(twin, `ferroloop,VPFM-1,EMU-${opts.twin.seed},1.0`, () => pfm.byteOrder, () => !rig.interlockOpen);
  const pfm = new ScpiDevice(pfmController, opts.pfmFaults);
  pfmRoute = () => pfmController.state.route;
  Object.defineProperties(rig, {
    awg: { value: awg }, pfm: { value: pfm },
    awgState: { get: () => awgController.state }, pfmState: { get: () => pfmController.state },
  });
  return rig;
}
