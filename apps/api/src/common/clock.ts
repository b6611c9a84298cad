import { Injectable } from '@nestjs/common';

/**
 * The current time, injected so that time-dependent logic (expiry windows, jobs) can be driven
 * by a simulated clock in tests instead of sleeping. Production code asks `clock.now()`.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;
  private fixed: Date | null = null;

  now(): Date {
    return this.fixed ? new Date(this.fixed.getTime()) : new Date(Date.now() + this.offsetMs);
  }

  /** Tests: freeze the clock at `at`. */
  set(at: Date): void {
    this.fixed = new Date(at.getTime());
  }

  /** Tests: move the clock forward (frozen or running). */
  advance(ms: number): void {
    if (this.fixed) this.fixed = new Date(this.fixed.getTime() + ms);
    else this.offsetMs += ms;
  }

  /** Tests: back to real time. */
  reset(): void {
    this.fixed = null;
    this.offsetMs = 0;
  }
}
