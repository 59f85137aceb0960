import { useGroup } from '../groups/api';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { Feed } from './Feed';

/** A group's «Лента»: its posts, and the composer addressed to it. */
export function GroupFeed({ groupId }: { groupId: number }) {
  const group = useGroup(groupId);
  if (!group.data) return <PageSkeleton />;
  return <Feed group={{ type: 'group', id: groupId, name: group.data.name }} />;
}
