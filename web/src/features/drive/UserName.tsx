import { Text } from '@mantine/core';
import { UserValue } from '../../ui/fields';
import { useUser } from '../users/api';

/** A person by id, as the lists show them: photo and name. */
export function UserName({ id }: { id: number | null }) {
  const u = useUser(id ?? 0);
  if (!id)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  if (!u.data)
    return (
      <Text size="sm" c="dimmed">
        …
      </Text>
    );
  return <UserValue user={{ id: u.data.id, fullName: u.data.fullName, photoUrl: u.data.photoUrl }} size={20} />;
}
