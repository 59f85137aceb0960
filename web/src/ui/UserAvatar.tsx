import { Avatar, type MantineSize } from '@mantine/core';
import { withQuery } from '../api/client';
import { portalHeaderValue } from '../api/portal';
import { initials } from './format';

const COLORS = ['blue', 'cyan', 'teal', 'grape', 'indigo', 'orange', 'pink', 'violet'];

/** A photo in the portal's file store; an <img> sends no X-Portal header, so the address names the portal. */
function photoSrc(url: string | null): string | undefined {
  if (!url) return undefined;
  return url.startsWith('/api/') ? withQuery(url, { portal: portalHeaderValue() }) : url;
}

/** The user's photo, or initials on a colour chosen by the user's id. */
export function UserAvatar({ user, size = 'md' }: { user: { id: number; firstName: string; lastName: string; fullName: string; photoUrl: string | null }; size?: MantineSize | number }) {
  return (
    <Avatar src={photoSrc(user.photoUrl)} alt={user.fullName} size={size} radius={1000} color={COLORS[user.id % COLORS.length]}>
      {initials(user.firstName, user.lastName, user.fullName)}
    </Avatar>
  );
}
