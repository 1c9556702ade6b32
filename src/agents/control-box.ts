import { BehaviorSubject, type Observable, filter, map, take } from 'rxjs';
import type { ControlMessage } from '../events/control.ts';

/** What control messages asked for, read by the agent at step boundaries. */
export interface ControlState {
  readonly paused: boolean;
  readonly stop: { readonly reason: string } | undefined;
  /** Instrument configs waiting to be swapped in, oldest first. */
  readonly swaps: readonly Record<string, unknown>[];
}

export const INITIAL_CONTROL: ControlState = { paused: false, stop: undefined, swaps: [] };

/** Pure reducer of control messages. */
export function reduceControl(s: ControlState, m: ControlMessage): ControlState {
  switch (m.type) {
    case 'pause':
      return { ...s, paused: true };
    case 'resume':
      return { ...s, paused: false };
    case 'stop':
      return { ...s, stop: s.stop ?? { reason: m.reason ?? 'stopped by request' } };
    case 'swap':
      return { ...s, swaps: [...s.swaps, m.instrument] };
  }
}

/** Holds the latest control state; the agent takes swaps out of it as it performs them. */
export class ControlBox {
  private readonly state$ = new BehaviorSubject<ControlState>(INITIAL_CONTROL);

  accept(m: ControlMessage): void {
    this.state$.next(reduceControl(this.state$.value, m));
  }

  get value(): ControlState {
    return this.state$.value;
  }

  /** Removes and returns the oldest pending swap. */
  takeSwap(): Record<string, unknown> | undefined {
    const [first, ...rest] = this.state$.value.swaps;
    if (first !== undefined) this.state$.next({ ...this.state$.value, swaps: rest });
    return first;
  }

  /** Emits once when the agent may go on: not paused, or a stop was asked for. */
  runnable(): Observable<ControlState> {
    return this.state$.pipe(filter((s) => !s.paused || s.stop !== undefined), take(1), map((s) => s));
  }
}
