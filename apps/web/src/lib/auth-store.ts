/**
 * Session tokens, kept in localStorage so a reload keeps the user signed in.
 * A tiny external store: React subscribes with `useSyncExternalStore` (see useSession).
 */
import { useSyncExternalStore } from 'react';

export interface Session {
  accessToken: string;
  refreshToken: string;
}

const STORAGE_KEY = 'wavu.session';
/** Set (in this tab) when the server refused the session mid-use, so the login page can say why. */
const EXPIRED_KEY = 'wavu.sessionExpired';
const listeners = new Set<() => void>();

function read(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Session>;
    if (typeof parsed.accessToken === 'string' && typeof parsed.refreshToken === 'string') {
      return { accessToken: parsed.accessToken, refreshToken: parsed.refreshToken };
    }
  } catch {
    /* corrupted entry: treat as signed out */
  }
  return null;
}

let current: Session | null = read();

function emit(): void {
  for (const listener of listeners) listener();
}

export const authStore = {
  get(this: void): Session | null {
    return current;
  },
  set(session: Session): void {
    current = { accessToken: session.accessToken, refreshToken: session.refreshToken };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(current));
    sessionStorage.removeItem(EXPIRED_KEY);
    emit();
  },
  /** Signs out. `expired`: the server refused the tokens (not the user's choice), so the login page says so. */
  clear(reason?: 'expired'): void {
    if (current === null) return;
    current = null;
    localStorage.removeItem(STORAGE_KEY);
    if (reason === 'expired') sessionStorage.setItem(EXPIRED_KEY, '1');
    else sessionStorage.removeItem(EXPIRED_KEY);
    emit();
  },
  /** Whether the last session in this tab ended because the server refused it. */
  expired(): boolean {
    try {
      return sessionStorage.getItem(EXPIRED_KEY) === '1';
    } catch {
      return false;
    }
  },
  subscribe(this: void, listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

// Another tab logged in or out.
window.addEventListener('storage', (event) => {
  if (event.key === STORAGE_KEY) {
    current = read();
    emit();
  }
});

export function useSession(): Session | null {
  return useSyncExternalStore(authStore.subscribe, authStore.get);
}
