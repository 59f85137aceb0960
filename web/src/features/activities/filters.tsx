import { Chip, Group } from '@mantine/core';
import type { ActivityType, ActivityView, EntityType } from '@vavilon/contracts';
import { useSearchParams } from 'react-router';
import { UserPicker, type PickedUser } from '../../ui/fields';
import { isAdmin, useSession } from '../auth/session';
import { useMyPermissions } from '../crm/api';
import type { ActivityFilter } from './api';
import { useActT } from './i18n';

export const QUICK: ActivityView[] = ['today', 'overdue', 'week'];

/** Who may see others' activities: an administrator, or a role that reads more than its own items. */
export function useSeesOthers(): boolean {
  const me = useSession();
  const perms = useMyPermissions();
  if (isAdmin(me) || perms.data?.isAdmin) return true;
  return Object.values(perms.data?.permissions ?? {}).some((p) => p?.read && p.read !== 'own' && p.read !== 'none');
}

/** The filter as the address keeps it: a filtered list can be shared and survives a card opened over it. */
export function useFilterParams() {
  const [params, setParams] = useSearchParams();
  const view = (params.get('view') as ActivityView | null) ?? 'planned';
  const type = (params.get('type') as ActivityType | null) ?? undefined;
  const ownerType = (params.get('ownerType') as EntityType | null) ?? undefined;
  const ownerId = Number(params.get('ownerId')) || undefined;
  const ownerTitle = params.get('ownerTitle') ?? '';
  const resp = params.get('responsible');
  const responsible: ActivityFilter['responsible'] = resp === 'any' ? 'any' : Number(resp) > 0 ? Number(resp) : undefined;
  const respName = params.get('responsibleName') ?? '';
  const q = params.get('q') ?? '';
  /** An activity opened by its address (`?id=`, the link of a card's timeline). */
  const openId = Number(params.get('id')) || null;
  const set = (patch: Record<string, string | number | null | undefined>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v === null || v === undefined || v === '') next.delete(k);
          else next.set(k, String(v));
        }
        return next;
      },
      { replace: true },
    );
  return { view, type, ownerType, ownerId, ownerTitle, responsible, respName, q, openId, set, active: Boolean(type || ownerId || q || QUICK.includes(view)) };
}

/** «Ответственный»: mine (the default), everyone's the user may see, or one person's. */
export function ResponsibleFilter({ value, name, onChange }: { value: ActivityFilter['responsible']; name: string; onChange: (v: string | number | null, name: string | null) => void }) {
  const { t } = useActT();
  const picked: PickedUser | null = typeof value === 'number' ? { id: value, fullName: name || `#${value}`, photoUrl: null } : null;
  return (
    <Group gap={6} wrap="wrap">
      <Chip size="sm" variant="outline" checked={value === 'any'} onChange={() => onChange(value === 'any' ? null : 'any', null)}>
        {t('filter.anyone')}
      </Chip>
      <UserPicker
        aria-label={t('filter.responsible')}
        placeholder={value === 'any' ? t('filter.responsible') : t('filter.mine')}
        value={picked}
        onChange={(u) => onChange(u ? u.id : null, u ? u.fullName : null)}
        w={{ base: '100%', xs: 220 }}
      />
    </Group>
  );
}
