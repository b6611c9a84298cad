import { EventEmitter } from 'events';
import { Channel } from 'node-routeros';

/**
 * Checks that our patch-package fix for node-routeros 1.6.9 (patches/node-routeros+1.6.9.patch)
 * is installed: a `!empty` reply (RouterOS 7.18+) must be skipped so the following `!done`
 * resolves the command with no rows. Unpatched, Channel throws UNKNOWNREPLY from the socket
 * handler (an uncaught exception) and wedges the connection (docs/routeros.md §0.4).
 */
export function isEmptyReplyPatchApplied(): boolean {
  const connector = Object.assign(new EventEmitter(), {
    read(_tag: string, cb: (packet: string[]) => void): void {
      reader = cb;
    },
    write(): void {
      /* nothing goes on a wire */
    },
    stopRead(): void {
      /* nothing to stop */
    },
  });
  let reader: ((packet: string[]) => void) | undefined;
  // Channel's constructor takes node-routeros' Connector; this stub has the three members it uses
  const channel = new Channel(connector as unknown as ConstructorParameters<typeof Channel>[0]);
  let done = false;
  void channel.write(['/ip/hotspot/user/print']).catch(() => undefined);
  channel.on('done', (rows: unknown[]) => {
    done = Array.isArray(rows) && rows.length === 0;
  });
  try {
    reader?.(['!empty']);
    reader?.(['!done']);
  } catch {
    return false;
  }
  return done;
}

let checked = false;

/** Throws once, loudly, if node-routeros is unpatched (never talk to 7.18+ routers unpatched). */
export function assertEmptyReplyPatch(): void {
  if (checked) return;
  if (!isEmptyReplyPatchApplied()) {
    throw new Error('node-routeros is not patched for RouterOS 7.18 !empty replies: run `npx patch-package` (patches/node-routeros+1.6.9.patch)');
  }
  checked = true;
}
