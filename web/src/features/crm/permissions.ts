import { isAdmin, useSession } from '../auth/session';
import { useMyPermissions } from './api';
import type { CrmAction, EntityType } from './types';

/** What the signed-in user may do in the CRM (GET /api/crm/me/permissions); hides what they cannot. */
export function useCrmRights() {
  const me = useSession();
  const perms = useMyPermissions();
  const admin = isAdmin(me) || Boolean(perms.data?.isAdmin);
  /** Deals: in `pipelineId` when given, else in some pipeline (a role may set rights per pipeline). */
  const can = (entity: EntityType, action: CrmAction, pipelineId?: number): boolean => {
    if (admin) return true;
    const scope = perms.data?.permissions[entity]?.[action];
    // Until the answer arrives, show reading and adding (the server decides anyway); hide the rest.
    if (!scope) return action === 'read';
    if (entity !== 'deal') return scope !== 'none';
    const byPipeline = perms.data?.dealPipelines ?? {};
    if (pipelineId !== undefined) return (byPipeline[String(pipelineId)]?.[action] ?? scope) !== 'none';
    return scope !== 'none' || Object.values(byPipeline).some((p) => p[action] !== 'none');
  };
  return { admin, can, loaded: perms.isSuccess, userId: me.user.id };
}
