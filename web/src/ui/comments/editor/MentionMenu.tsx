import { Paper, Text } from '@mantine/core';
import type { PickedUser } from '../../fields/UserPicker';
import { UserAvatar } from '../../UserAvatar';
import { useKitT } from '../../kit-i18n';
import classes from '../comments.module.css';

const avatarUser = (u: PickedUser) => {
  const [firstName = '', lastName = ''] = u.fullName.split(/\s+/);
  return { ...u, firstName, lastName };
};

/** The employees matching a typed «@…», at most eight, under the caret. */
export function MentionMenu({
  users,
  loading,
  active,
  onPick,
  onHover,
  at,
}: {
  users: PickedUser[];
  loading: boolean;
  active: number;
  onPick: (u: PickedUser) => void;
  onHover: (i: number) => void;
  at: { left: number; top: number };
}) {
  const { t } = useKitT();
  return (
    <Paper shadow="md" withBorder className={classes.mentionMenu} role="listbox" aria-label={t('mentions.label')} style={{ left: at.left, top: at.top }}>
      {users.length === 0 ? (
        <Text size="sm" c="dimmed" px={8} py={4}>
          {loading ? t('mentions.loading') : t('mentions.nothing')}
        </Text>
      ) : (
        users.map((u, i) => (
          <button
            key={u.id}
            type="button"
            role="option"
            aria-selected={i === active}
            data-active={i === active}
            className={classes.mentionOption}
            onMouseDown={(e) => e.preventDefault()}
            onMouseEnter={() => onHover(i)}
            onClick={() => onPick(u)}
          >
            <UserAvatar user={avatarUser(u)} size={22} />
            <span>{u.fullName}</span>
          </button>
        ))
      )}
    </Paper>
  );
}
