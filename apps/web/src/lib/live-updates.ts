import { useEffect, useRef, useState } from 'react';
import { api, unwrap } from './api-client';

type LiveUpdateType = 'router.status' | 'router.sessions' | 'payment.settled';
export interface LiveUpdateMessage {
  type: LiveUpdateType;
  data: Record<string, unknown>;
}

const TYPES: LiveUpdateType[] = ['router.status', 'router.sessions', 'payment.settled'];

/**
 * Opens the server-sent event stream (a fresh 60-second ticket from POST /events/ticket each
 * time, since EventSource cannot send the Authorization header) and reconnects with backoff.
 * The server ends each stream when its ticket expires, after an `expired` event: the next one
 * opens at once, without a gap in "connected". Returns whether the stream is connected.
 */
export function useLiveUpdates(enabled: boolean, onEvent: (event: LiveUpdateMessage) => void): boolean {
  const [connected, setConnected] = useState(false);
  const handler = useRef(onEvent);
  handler.current = onEvent;

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let timer: number | undefined;
    let stopped = false;
    let attempt = 0;

    const connect = async () => {
      try {
        const { ticket } = await unwrap(api.POST('/api/v1/events/ticket'));
        if (stopped) return;
        source = new EventSource(`/api/v1/events/stream?ticket=${encodeURIComponent(ticket)}`);
        source.addEventListener('ready', () => {
          attempt = 0;
          setConnected(true);
        });
        for (const type of TYPES) {
          source.addEventListener(type, (e) => {
            try {
              handler.current({ type, data: JSON.parse((e as MessageEvent<string>).data) as Record<string, unknown> });
            } catch {
              // ignore a malformed message
            }
          });
        }
        source.addEventListener('expired', () => {
          source?.close();
          void connect();
        });
        source.onerror = () => {
          source?.close();
          setConnected(false);
          retry();
        };
      } catch {
        setConnected(false);
        retry();
      }
    };
    const retry = () => {
      if (stopped) return;
      attempt = Math.min(attempt + 1, 6);
      timer = window.setTimeout(() => void connect(), 1000 * 2 ** attempt);
    };
    void connect();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      source?.close();
      setConnected(false);
    };
  }, [enabled]);

  return connected;
}
