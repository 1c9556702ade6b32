/** Standard Event Status Register bits (IEEE 488.2 §11.5.1). */
export const ESR = { OPC: 1, RQC: 2, QYE: 4, DDE: 8, EXE: 16, CME: 32, URQ: 64, PON: 128 } as const;
/** Status Byte bits used here: error/event queue not empty (bit 2, as on the 33500B), ESB (bit 5), MSS (bit 6); MAV (bit 4) is not modelled. */
export const STB = { EAV: 4, ESB: 32, MSS: 64 } as const;

/** Error/event queue depth; on overflow the newest entry is replaced by -350. */
export const QUEUE_MAX = 32;

/** One error/event queue entry: SCPI code and message. */
export interface QueueEntry {
  readonly code: number;
  readonly message: string;
}

/** The ESR bit an error sets: -1xx command (CME), -2xx execution (EXE), -3xx and device-specific (DDE), -4xx query (QYE). */
export function esrBitOf(code: number): number {
  if (code <= -100 && code > -200) return ESR.CME;
  if (code <= -200 && code > -300) return ESR.EXE;
  if (code <= -400 && code > -500) return ESR.QYE;
  return code === 0 ? 0 : ESR.DDE;
}

/**
 * The IEEE 488.2 status model of one emulated controller: error queue, event status register (ESR) and its enable
 * mask (ESE), service request enable (SRE), and the status byte computed from them. `*RST` does not touch it.
 */
export class StatusModel {
  esr = 0;
  ese = 0;
  sre = 0;
  private readonly queue: QueueEntry[] = [];

  /** Records an error: sets its ESR bit and queues it (-350 replaces the newest entry when full). */
  push(code: number, message: string): void {
    this.esr |= esrBitOf(code);
    if (this.queue.length < QUEUE_MAX) this.queue.push({ code, message });
    else this.queue[QUEUE_MAX - 1] = { code: -350, message: 'Queue overflow' };
  }

  /** Oldest entry, removed (`SYST:ERR?`); `0,"No error"` when empty. */
  next(): QueueEntry {
    return this.queue.shift() ?? { code: 0, message: 'No error' };
  }

  get count(): number {
    return this.queue.length;
  }

  /** `*ESR?`: the register, cleared by the read. */
  readEsr(): number {
    const v = this.esr;
    this.esr = 0;
    return v;
  }

  /** `*STB?`: EAV when the queue holds an entry, ESB when ESR & ESE ≠ 0, MSS when any enabled summary bit is set. */
  stb(): number {
    let v = (this.queue.length > 0 ? STB.EAV : 0) | ((this.esr & this.ese) !== 0 ? STB.ESB : 0);
    if ((v & this.sre & ~STB.MSS) !== 0) v |= STB.MSS;
    return v;
  }

  /** `*CLS`: empties the queue and the ESR (the enable masks stay). */
  clear(): void {
    this.queue.length = 0;
    this.esr = 0;
  }
}
