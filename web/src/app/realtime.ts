import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { RealtimeMessage } from '@vavilon/contracts';
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { portalQuery } from '../api/portal';
import { addPushedNotification, notificationsKey, setUnread } from '../features/notifications/api';
import { openUrl } from '../ui/links';
import { showInfo } from '../ui/toasts';

type Listener = (msg: RealtimeMessage) => void;
const listeners = new Set<Listener>();

/** Other modules listen to pushed messages here (e.g. a chat window). */
export function onRealtime(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The queries an item's change makes stale, by its id (a prefix of each key is enough). */
export type Invalidation = (entityId: string) => QueryKey[];
const invalidations = new Map<string, Invalidation[]>();

/**
 * A feature says which of its queries a pushed change of an entity type refreshes; it registers
 * next to its query keys, e.g. `onEntityChanged('deal', (id) => [crmKeys.entity('deal')])`.
 * A type no feature registered refreshes nothing.
 */
export function onEntityChanged(entityType: string, keys: Invalidation): () => void {
  const list = invalidations.get(entityType) ?? [];
  invalidations.set(entityType, [...list, keys]);
  return () =>
    invalidations.set(
      entityType,
      (invalidations.get(entityType) ?? []).filter((k) => k !== keys),
    );
}

function invalidateFor(qc: QueryClient, entityType: string, entityId: string): void {
  for (const keys of invalidations.get(entityType) ?? []) for (const queryKey of keys(entityId)) void qc.invalidateQueries({ queryKey });
}

/**
 * Keeps one socket to /api/realtime while the shell is on screen; reconnects with
 * backoff (1 s doubling up to 30 s, with jitter) and refreshes what it may have missed.
 */
export function useRealtime(): void {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const navigateRef = useRef(navigate);
  navigateRef.current = navigate;

  useEffect(() => {
    let socket: WebSocket | null = null;
    let attempt = 0;
    let timer: number | undefined;
    let stopped = false;
    let shellTimer: number | undefined;

    const handle = (msg: RealtimeMessage) => {
      switch (msg.type) {
        case 'notification': {
          addPushedNotification(qc, msg.notification, msg.unread, msg.replaces);
          void qc.invalidateQueries({ queryKey: notificationsKey, refetchType: 'none' });
          const n = msg.notification;
          showInfo(n.body || undefined, n.title, n.url ? () => openUrl(navigateRef.current, n.url as string) : undefined);
          break;
        }
        case 'notifications.read':
          setUnread(qc, msg.unread);
          void qc.invalidateQueries({ queryKey: notificationsKey });
          break;
        case 'entity.changed': {
          invalidateFor(qc, msg.entityType, msg.entityId);
          // Menu counters (tasks, activities, chats) may have changed; refresh them once per burst.
          window.clearTimeout(shellTimer);
          shellTimer = window.setTimeout(() => void qc.invalidateQueries({ queryKey: ['shell'] }), 1500);
          break;
        }
      }
      for (const l of listeners) l(msg);
    };

    const connect = () => {
      if (stopped) return;
      const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
      socket = new WebSocket(`${proto}//${window.location.host}/api/realtime${portalQuery()}`);
      socket.onopen = () => {
        if (attempt > 0) {
          // Whatever was pushed while we were away.
          void qc.invalidateQueries({ queryKey: notificationsKey });
          void qc.invalidateQueries({ queryKey: ['shell'] });
        }
        attempt = 0;
      };
      socket.onmessage = (ev) => {
        if (typeof ev.data !== 'string') return;
        try {
          handle(JSON.parse(ev.data) as RealtimeMessage);
        } catch {
          /* not a message of ours */
        }
      };
      socket.onclose = () => {
        socket = null;
        if (stopped) return;
        const delay = Math.min(30_000, 1000 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
        attempt += 1;
        timer = window.setTimeout(connect, delay);
      };
    };

    connect();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      window.clearTimeout(shellTimer);
      socket?.close();
    };
  }, [qc]);
}
