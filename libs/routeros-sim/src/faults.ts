import { EventEmitter } from 'events';

/**
 * Fault injection for one simulated router, changeable at run time (docs/routeros.md §8).
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
  /**
   * answer like a hostile or broken peer instead of a RouterOS reply (see HostileReply); applies
   * to commands after login, and to `/login` itself when `hostileAtLogin` is set
   */
  hostile: HostileReply | null;
  /** the hostile reply also answers `/login` (what a fake router shows a connection test) */
  hostileAtLogin: boolean;
  /** 'trickle': one byte of the real reply every this many ms */
  trickleIntervalMs: number;
  /** 'oversized-word' and 'endless-sentence': bytes sent (as fast as the client reads) before going quiet */
  floodBytes: number;
  /**
   * refuse every Nth hotspot user add (`/ip/hotspot/user/add`) with a `!trap` carrying
   * `refuseUserAddMessage`, as a router short of storage refuses configuration changes; 0 = off.
   * Lets a test see a bulk push of which exactly some users did not land.
   */
  refuseEveryNthUserAdd: number;
  refuseUserAddMessage: string;
  /**
   * how long a reboot (`/system/backup/load`, or POST /routers/:name/reboot) keeps the router
   * down: every API session is closed and connections are refused, then it is back with uptime 0
   */
  rebootSeconds: number;
  /**
   * files made by `/export` and `/system/backup/save` show in `/file/print` with size 0 at first
   * and complete only this many ms after the command returned (poll until the size is stable)
   */
  fileSettleMs: number;
  commandPrefix?: string;
  times?: number;
}

/**
 * Replies no RouterOS sends, each of which killed or bloated node-routeros (issue 17):
 * - `unknown-tag`: the reply carries a `.tag` the client never sent;
 * - `unknown-reply`: a reply word other than !re/!done/!trap/!empty/!fatal (`!bogus`);
 * - `reserved-length`: a length prefix starting with a reserved control byte (0xF8);
 * - `oversized-word`: a length prefix announcing 2^31 bytes, then `floodBytes` of data;
 * - `endless-sentence`: a `!re` whose words never end (no terminating zero-length word);
 * - `bytes-after-fatal`: `!fatal` followed by another sentence in the same write;
 * - `trickle`: the real reply, one byte every `trickleIntervalMs`.
 */
export const HOSTILE_REPLIES = ['unknown-tag', 'unknown-reply', 'reserved-length', 'oversized-word', 'endless-sentence', 'bytes-after-fatal', 'trickle'] as const;
export type HostileReply = (typeof HOSTILE_REPLIES)[number];

export type CommandFault = 'drop-mid-reply' | 'never-answer' | 'fatal' | 'omit-tag' | 'split-before-nul' | 'hostile';

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
  hostile: null,
  hostileAtLogin: false,
  trickleIntervalMs: 1000,
  floodBytes: 8 * 1024 * 1024,
  refuseEveryNthUserAdd: 0,
  refuseUserAddMessage: 'failure: not enough free space on the device',
  rebootSeconds: 3,
  fileSettleMs: 0,
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
    if (partial.hostile != null && !(HOSTILE_REPLIES as readonly string[]).includes(partial.hostile)) {
      throw new RangeError(`hostile must be one of ${HOSTILE_REPLIES.join(', ')}`);
    }
    if (partial.rebootSeconds !== undefined && !(typeof partial.rebootSeconds === 'number' && partial.rebootSeconds >= 0 && partial.rebootSeconds <= 3600)) {
      throw new RangeError('rebootSeconds must be a number of seconds from 0 to 3600');
    }
    if (partial.fileSettleMs !== undefined && !(typeof partial.fileSettleMs === 'number' && partial.fileSettleMs >= 0 && partial.fileSettleMs <= 600_000)) {
      throw new RangeError('fileSettleMs must be a number of milliseconds from 0 to 600000');
    }
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

  private userAdds = 0;

  /** For `/ip/hotspot/user/add`: the trap message when this add is one to refuse, else null. */
  takeUserAddRefusal(path: string): string | null {
    const n = this.settings.refuseEveryNthUserAdd;
    if (path !== '/ip/hotspot/user/add' || n <= 0) return null;
    this.userAdds++;
    return this.userAdds % n === 0 ? this.settings.refuseUserAddMessage : null;
  }

  /** Picks (and consumes, when `times` is set) the fault for one command. */
  takeCommandFault(path: string): CommandFault | null {
    const s = this.settings;
    if (s.commandPrefix && !path.startsWith(s.commandPrefix)) return null;
    const fault: CommandFault | null = s.hostile
      ? 'hostile'
      : s.fatal
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
        this.set({ fatal: false, neverAnswer: false, dropMidReply: false, omitTag: false, splitBeforeNul: false, hostile: null, hostileAtLogin: false, times: undefined, commandPrefix: undefined });
      } else {
        this.settings.times = left;
      }
    }
    return fault;
  }
}
