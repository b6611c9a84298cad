import type { PesapalEndpoint } from './types';

/**
 * A fault applied to the next matching API calls (not to the hosted page or control API).
 * - `error`: answer `status` (default 500) with a plain-text body instead of the real answer;
 * - `delay`: wait `delayMs` before answering normally (slow answers, client timeouts).
 */
export interface SimFault {
  endpoint?: PesapalEndpoint | '*';
  kind: 'error' | 'delay';
  status?: number;
  delayMs?: number;
  /** How many matching calls it affects (default 1; `Infinity` for all). */
  times?: number;
}

interface ActiveFault extends SimFault {
  remaining: number;
}

export class FaultInjector {
  private faults: ActiveFault[] = [];

  add(fault: SimFault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  list(): SimFault[] {
    return this.faults.map(({ remaining, ...f }) => ({ ...f, times: remaining }));
  }

  /** Takes the faults for one call: at most one delay and one error. */
  take(endpoint: PesapalEndpoint): { delayMs: number; errorStatus: number | null } {
    let delayMs = 0;
    let errorStatus: number | null = null;
    for (const f of this.faults) {
      if (f.remaining <= 0 || (f.endpoint && f.endpoint !== '*' && f.endpoint !== endpoint)) continue;
      if (f.kind === 'delay' && delayMs === 0) {
        delayMs = f.delayMs ?? 1000;
        f.remaining--;
      } else if (f.kind === 'error' && errorStatus === null) {
        errorStatus = f.status ?? 500;
        f.remaining--;
      }
    }
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return { delayMs, errorStatus };
  }
}
