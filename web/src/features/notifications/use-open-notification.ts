import type { Notification } from '@vavilon/contracts';
import { useNavigate } from 'react-router';
import { openUrl } from '../../ui/links';
import { useMarkRead } from './api';

/** Clicking a notification marks it read and goes to its address. */
export function useOpenNotification(after?: () => void) {
  const navigate = useNavigate();
  const markRead = useMarkRead();
  return (n: Notification) => {
    if (!n.read) markRead.mutate(n.id);
    after?.();
    if (n.url) openUrl(navigate, n.url);
  };
}
