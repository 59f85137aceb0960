import type { Me } from '@vavilon/contracts';
import { useMeQuery } from './api';

/** The signed-in user inside the shell (the shell renders only once it is known). */
export function useSession(): Me {
  const { data } = useMeQuery();
  if (!data) throw new Error('useSession() outside of a signed-in shell');
  return data;
}

export function isAdmin(me: Me): boolean {
  return me.user.role === 'admin';
}

/** The server's abilities decide; without an entry for this ability, administrators may. */
export function can(me: Me, ability: string): boolean {
  const v = me.abilities[ability];
  return typeof v === 'boolean' ? v : isAdmin(me);
}
