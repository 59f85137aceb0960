import { isAdmin, useSession } from '../auth/session';
import { useMyPermissions } from './api';
import type { CrmAction, EntityType } from './types';

/** What the signed-in user may do in the CRM (GET /api/crm/me/permissions); hides what they cannot. */
export function useCrmRights() {
  const me = useSession();
  const perms = useMyPermissions();
  const admin = isAdmin(me) || Boolean(perms.data?.isAdmin);
  const can = (entity: EntityType, action: CrmAction): boolean => {
    if (admin) return true;
    const scope = perms.data?.permissions[entity]?.[action];
    // Until the answer arrives, show reading and adding (the server decides anyway); hide the rest.
    if (!scope) return action === 'read';
    return scope !== 'none';
  };
  return { admin, can, loaded: perms.isSuccess, userId: me.user.id };
}
