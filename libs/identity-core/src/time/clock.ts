import { Injectable } from '@nestjs/common';

/** The time, behind a port so tests can move it (lockouts, expiries) without sleeping. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock tests set by hand. */
export class FixedClock extends Clock {
  constructor(private current = new Date('2026-01-01T00:00:00Z')) {
    super();
  }
  override now(): Date {
    return new Date(this.current);
  }
  set(d: Date) {
    this.current = new Date(d);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}
