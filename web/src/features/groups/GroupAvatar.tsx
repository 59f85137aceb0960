import { Avatar, type MantineSize } from '@mantine/core';
import { IconBriefcase, IconTimeline, IconUsersGroup } from '@tabler/icons-react';
import type { Group } from '@vavilon/contracts';
import { withQuery } from '../../api/client';
import { portalHeaderValue } from '../../api/portal';

const COLORS = ['blue', 'teal', 'grape', 'indigo', 'orange', 'cyan', 'pink', 'violet'];
export const KIND_ICONS = { group: IconUsersGroup, project: IconBriefcase, scrum: IconTimeline } as const;

/** The group's picture, or its kind's icon on a colour chosen by its id. */
export function GroupAvatar({ group, size = 'lg' }: { group: Pick<Group, 'id' | 'name' | 'kind' | 'avatarUrl'>; size?: MantineSize | number }) {
  const Icon = KIND_ICONS[group.kind];
  // An <img> sends no X-Portal header: the address names the portal.
  const src = group.avatarUrl ? withQuery(group.avatarUrl, { portal: portalHeaderValue() }) : undefined;
  return (
    <Avatar src={src} alt={group.name} size={size} radius="md" color={COLORS[group.id % COLORS.length]} variant="light">
      <Icon size="60%" stroke={1.6} />
    </Avatar>
  );
}
