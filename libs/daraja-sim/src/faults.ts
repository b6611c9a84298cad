import type { FaultEndpoint, FaultSpec } from './types';

interface ActiveFault extends Required<Omit<FaultSpec, 'endpoint'>> {
  endpoint: FaultEndpoint;
}

/** Queue of injected faults, consumed by matching requests. */
export class FaultQueue {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    this.faults.push({ endpoint: spec.endpoint ?? 'any', kind: spec.kind, times: Math.max(1, spec.times ?? 1), delayMs: spec.delayMs ?? 1000 });
  }

  clear(): void {
    this.faults = [];
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Takes the first fault matching the endpoint (decrementing its count). */
  take(endpoint: FaultEndpoint): ActiveFault | null {
    const i = this.faults.findIndex((f) => f.endpoint === 'any' || f.endpoint === endpoint);
    if (i < 0) return null;
    const f = this.faults[i];
    f.times -= 1;
    if (f.times <= 0) this.faults.splice(i, 1);
    return { ...f };
  }
}
