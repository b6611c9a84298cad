import { EventEmitter } from 'events';

/**
 * Fault injection for one simulated router, changeable at run time (§8 "Fault injection").
 * Per-command faults apply to commands after login whose path starts with `commandPrefix`
 * (all commands when unset); `times` makes them fire that many times and then clear.
 */
export interface FaultSettings {
  /** delay before every command (and login) is answered */
  latencyMs: number;
  /** extra delay before a `/login` is answered */
  slowLoginMs: number;
  /** stop listening and drop open connections: clients get ECONNREFUSED */
  refuseConnections: boolean;
  /** run the command, send part of the reply, then close the connection */
  dropMidReply: boolean;
  /** swallow the command: no reply ever (until `/cancel`) */
  neverAnswer: boolean;
  /** answer `!fatal` + reason and close instead of running the command */
  fatal: boolean;
  fatalReason: string;
  /** answer without `.tag` words (node-routeros then never settles) */
  omitTag: boolean;
  /** send the reply's final NUL byte separately, 100 ms later (node-routeros receiver quirk) */
  splitBeforeNul: boolean;
  commandPrefix?: string;
  times?: number;
}

export type CommandFault = 'drop-mid-reply' | 'never-answer' | 'fatal' | 'omit-tag' | 'split-before-nul';

export const DEFAULT_FAULTS: Readonly<FaultSettings> = Object.freeze({
  latencyMs: 0,
  slowLoginMs: 0,
  refuseConnections: false,
  dropMidReply: false,
  neverAnswer: false,
  fatal: false,
  fatalReason: 'session terminated on request',
  omitTag: false,
  splitBeforeNul: false,
});

export class FaultController extends EventEmitter {
  private settings: FaultSettings;

  constructor(initial: Partial<FaultSettings> = {}) {
    super();
    this.settings = { ...DEFAULT_FAULTS, ...initial };
  }

  get(): FaultSettings {
    return { ...this.settings };
  }

  /** Merges the given settings; emits `change`. */
  set(partial: Partial<FaultSettings>): FaultSettings {
    this.settings = { ...this.settings, ...partial };
    this.emit('change', this.get());
    return this.get();
  }

  /** Back to a healthy router (no latency, no faults). */
  clear(): FaultSettings {
    this.settings = { ...DEFAULT_FAULTS };
    this.emit('change', this.get());
    return this.get();
  }

  /** Picks (and consumes, when `times` is set) the fault for one command. */
  takeCommandFault(path: string): CommandFault | null {
    const s = this.settings;
    if (s.commandPrefix && !path.startsWith(s.commandPrefix)) return null;
    const fault: CommandFault | null = s.fatal
      ? 'fatal'
      : s.neverAnswer
        ? 'never-answer'
        : s.dropMidReply
          ? 'drop-mid-reply'
          : s.omitTag
            ? 'omit-tag'
            : s.splitBeforeNul
              ? 'split-before-nul'
              : null;
    if (fault && s.times !== undefined) {
      const left = s.times - 1;
      if (left <= 0) {
        this.set({ fatal: false, neverAnswer: false, dropMidReply: false, omitTag: false, splitBeforeNul: false, times: undefined, commandPrefix: undefined });
      } else {
        this.settings.times = left;
      }
    }
    return fault;
  }
}
