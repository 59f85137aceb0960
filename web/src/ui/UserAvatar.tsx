import { Avatar, type MantineSize } from '@mantine/core';
import { initials } from './format';

const COLORS = ['blue', 'cyan', 'teal', 'grape', 'indigo', 'orange', 'pink', 'violet'];

/** The user's photo, or initials on a colour chosen by the user's id. */
export function UserAvatar({
  user,
  size = 'md',
}: {
  user: { id: number; firstName: string; lastName: string; fullName: string; photoUrl: string | null };
  size?: MantineSize | number;
}) {
  return (
    <Avatar src={user.photoUrl ?? undefined} alt={user.fullName} size={size} radius={1000} color={COLORS[user.id % COLORS.length]}>
      {initials(user.firstName, user.lastName, user.fullName)}
    </Avatar>
  );
}
