// The one clock abstraction (DESIGN.md, "Time is injected"): everything that reads the time takes a
// Clock, so expiry and rotation are tested by moving a ManualClock, never by sleeping.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests move by hand. Starts at the given instant (default: the real time at creation). */
export class ManualClock implements Clock {
  #t: number;
  constructor(start: number | Date = Date.now()) {
    this.#t = typeof start === 'number' ? start : start.getTime();
  }
  now(): number {
    return this.#t;
  }
  set(t: number | Date): void {
    this.#t = typeof t === 'number' ? t : t.getTime();
  }
  advance(ms: number): void {
    this.#t += ms;
  }
}

/** A clock offset from another by a fixed amount, changeable at run time (e.g. `--clock-offset` in tests). */
export class OffsetClock implements Clock {
  constructor(
    private readonly base: Clock,
    public offsetMs = 0,
  ) {}
  now(): number {
    return this.base.now() + this.offsetMs;
  }
}
