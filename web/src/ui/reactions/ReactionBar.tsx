import { ActionIcon, Avatar, Button, Group, Popover, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconMoodPlus, IconThumbUp } from '@tabler/icons-react';
import { useState } from 'react';
import { useKitT } from '../kit-i18n';
import { useReactions } from './api';
import { EmojiPickerPanel } from './EmojiPickerPanel';
import { LIKE, visibleChips, type Reaction, type ReactionGroup } from './reactions';
import classes from './reactions.module.css';

/** The bar over reactions the page holds itself. */
export interface ReactionBarViewProps {
  reactions: Reaction[];
  /** Adds the user's reaction with this emoji, or takes it back when it is theirs. */
  onToggle: (emoji: string) => void;
  /** Who reacted, by emoji; without it the «who» list is not offered. */
  loadWho?: () => Promise<ReactionGroup[]>;
  disabled?: boolean;
}

/** The bar of one item of a reactable type, on the routes `/api/reactions/:type/:id` (`useReactions`). */
export interface ReactionBarItemProps {
  itemType: string;
  itemId: number;
  /** Its reactions as the page already has them (a feed page's summaries): then nothing is asked until they change. */
  initial?: Reaction[];
  disabled?: boolean;
}

export type ReactionBarProps = ReactionBarViewProps | ReactionBarItemProps;

/** «Кто отреагировал»: the people grouped by emoji, asked for when the list opens. */
function WhoReacted({ loadWho, total }: { loadWho: () => Promise<ReactionGroup[]>; total: number }) {
  const { t } = useKitT();
  const [state, setState] = useState<{ groups?: ReactionGroup[]; failed?: boolean; loading?: boolean }>({});
  const open = () => {
    setState({ loading: true });
    loadWho().then(
      (groups) => setState({ groups }),
      () => setState({ failed: true }),
    );
  };
  return (
    <Popover width={260} position="bottom-start" shadow="md" withinPortal zIndex={450} hideDetached={false} onOpen={open}>
      <Popover.Target>
        <UnstyledButton className={classes.whoButton} aria-label={t('reactions.who')}>
          <Text size="xs" c="dimmed">
            {total}
          </Text>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown p="xs" aria-label={t('reactions.who')} role="dialog">
        <Text size="xs" fw={600} mb={6}>
          {t('reactions.who')}
        </Text>
        {state.loading ? (
          <Text size="sm" c="dimmed">
            {t('reactions.whoLoading')}
          </Text>
        ) : state.failed ? (
          <Text size="sm" c="red">
            {t('reactions.whoFailed')}
          </Text>
        ) : !state.groups?.some((g) => g.users.length) ? (
          <Text size="sm" c="dimmed">
            {t('reactions.whoNone')}
          </Text>
        ) : (
          <Stack gap={8} className={classes.whoList}>
            {state.groups
              .filter((g) => g.users.length)
              .map((g) => (
                <div key={g.emoji}>
                  <Text size="sm" mb={2}>
                    {g.emoji}{' '}
                    <Text span size="xs" c="dimmed">
                      {g.users.length}
                    </Text>
                  </Text>
                  <Stack gap={4} component="ul" className={classes.whoUsers} aria-label={g.emoji}>
                    {g.users.map((u) => (
                      <Group key={u.id} gap={6} wrap="nowrap" component="li">
                        <Avatar src={u.photoUrl ?? null} size={20} radius="xl" name={u.fullName} color="initials" />
                        <Text size="sm" truncate>
                          {u.fullName}
                        </Text>
                      </Group>
                    ))}
                  </Stack>
                </div>
              ))}
          </Stack>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}

/**
 * «Нравится» (👍), a chip per emoji with its count (the user's own highlighted), «+» for any emoji,
 * and who reacted. Given `itemType` and `itemId` it loads and changes the item's reactions itself;
 * given `reactions` and `onToggle`, the page does.
 */
export function ReactionBar(props: ReactionBarProps) {
  return 'itemType' in props ? <ItemReactionBar {...props} /> : <ReactionBarView {...props} />;
}

function ItemReactionBar({ itemType, itemId, initial, disabled }: ReactionBarItemProps) {
  const { reactions, toggle, loadWho } = useReactions(itemType, itemId, initial);
  return <ReactionBarView reactions={reactions} onToggle={toggle} loadWho={loadWho} disabled={disabled || itemId <= 0} />;
}

function ReactionBarView({ reactions, onToggle, loadWho, disabled }: ReactionBarViewProps) {
  const { t } = useKitT();
  const [picking, setPicking] = useState(false);
  const chips = visibleChips(reactions);
  const liked = reactions.some((r) => r.emoji === LIKE && r.mine);
  const total = reactions.reduce((n, r) => n + r.count, 0);
  return (
    <Group gap={6} className={classes.bar} role="group" aria-label={t('reactions.title')}>
      <Button
        size="compact-xs"
        variant={liked ? 'light' : 'subtle'}
        color={liked ? 'brand' : 'gray'}
        leftSection={<IconThumbUp size={14} />}
        aria-pressed={liked}
        disabled={disabled}
        onClick={() => onToggle(LIKE)}
      >
        {t('reactions.like')}
      </Button>
      {chips.map((r) => (
        <UnstyledButton
          key={r.emoji}
          className={classes.chip}
          data-mine={r.mine || undefined}
          aria-pressed={r.mine}
          aria-label={t(r.mine ? 'reactions.chipMine' : 'reactions.chip', { emoji: r.emoji, count: r.count })}
          disabled={disabled}
          onClick={() => onToggle(r.emoji)}
        >
          <span className={classes.chipEmoji}>{r.emoji}</span>
          <span>{r.count}</span>
        </UnstyledButton>
      ))}
      <Popover opened={picking} onChange={setPicking} position="bottom-start" shadow="md" withinPortal zIndex={450} trapFocus hideDetached={false}>
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            radius="xl"
            aria-label={t('reactions.add')}
            title={t('reactions.add')}
            aria-expanded={picking}
            disabled={disabled}
            onClick={() => setPicking((o) => !o)}
          >
            <IconMoodPlus size={16} />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p={0}>
          {picking ? (
            <EmojiPickerPanel
              onPick={(emoji) => {
                setPicking(false);
                onToggle(emoji);
              }}
            />
          ) : null}
        </Popover.Dropdown>
      </Popover>
      {loadWho && total > 0 ? <WhoReacted loadWho={loadWho} total={total} /> : null}
    </Group>
  );
}
