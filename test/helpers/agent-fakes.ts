import { type Observable, defer, finalize, of, tap } from 'rxjs';
import type { InstrumentPort, SurrogatePort } from '../../src/agents/agent-types.ts';
import type { FittedSurrogate, Posterior } from '../../src/models/surrogate.ts';
import { matrix } from '../../src/models/surrogate.ts';
import type { SearchSpace } from '../../src/agents/search-space.ts';
import type { Command, Measurement } from '../../src/drivers/instrument.ts';
import type { DocumentClock } from '../../src/events/document-factory.ts';

/** Deterministic uids (u1, u2, …) and times (1000, 1001, …). */
export function counterClock(): DocumentClock {
  let uid = 0;
  let time = 1000;
  return { uid: () => `u${++uid}`, now: () => time++ };
}

/** A 1-D search space of m candidates x = 0…m−1; candidate i is a pole command with field [i]; y = measured "Y" value. */
export function lineSpace(m: number): SearchSpace {
  return {
    name: 'line',
    candidates: matrix(m, 1, Float64Array.from({ length: m }, (_, i) => i)),
    featureNames: ['x'],
    toCommand: (i) => ({ kind: 'pole', field: Float64Array.of(i), units: 'Ec', dtMs: 1 }),
    toObservation: (i, meas) => ({ y: meas.arrays.Y.data[0], record: { field_value: i } }),
    dataKeys: () => ({ field_value: { source: 'test:field', dtype: 'number', shape: [] } }),
  };
}

/** A measurement whose objective Y is f(candidate). */
export function measurementOf(command: Command, y: number, instrument: string): Measurement {
  return { command, instrument, at: 0, arrays: { Y: { shape: [1], data: Float64Array.of(y), unit: '' } } };
}

/**
 * A scripted instrument port: measure() returns `respond(command, callIndex)` (e.g. a cold marble
 * observable) and records calls; it throws if a measurement starts while another is in flight.
 */
export function scriptedInstrument(name: string, respond: (cmd: Command, call: number) => Observable<Measurement>) {
  const calls: Command[] = [];
  let inFlight = 0;
  let closed = 0;
  const port: InstrumentPort = {
    name,
    measure(cmd) {
      return defer(() => {
        if (inFlight > 0) throw new Error('concurrent measure');
        inFlight += 1;
        calls.push(cmd);
        // A measurement is over once it has answered (value or error).
        let open = true;
        const done = (): void => { if (open) { open = false; inFlight -= 1; } };
        return respond(cmd, calls.length - 1).pipe(tap({ next: done, error: done }), finalize(done));
      });
    },
    close() {
      closed += 1;
      return of(undefined);
    },
  };
  return { port, calls, get closed() { return closed; } };
}

/** BoTorch-style MockModel: the posterior is a fixed function of the candidate features. */
export function fakeSurrogate(post: (X: Float64Array) => Posterior): SurrogatePort & { fits: number[] } {
  const fits: number[] = [];
  return {
    name: 'fake',
    fits,
    fit(data) {
      fits.push(data.y.length);
      const fitted: FittedSurrogate = { posterior: (X) => post(X.data), dispose: () => undefined };
      return of(fitted);
    },
  };
}
