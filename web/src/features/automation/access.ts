import { isAdmin, useSession } from '../auth/session';
import { useMyPermissions } from '../crm/api';

/**
 * Who sets up robots: a portal administrator or a CRM role that edits all deals (the server's
 * `mayConfigure`). Null while the CRM's answer is on its way.
 */
export function useMayConfigure(): boolean | null {
  const me = useSession();
  const perms = useMyPermissions();
  if (isAdmin(me)) return true;
  if (!perms.data) return perms.isError ? false : null;
  return perms.data.isAdmin || perms.data.permissions.deal?.edit === 'all';
}
