import { Anchor, Button, Popover, Skeleton, Stack, Text } from '@mantine/core';
import { IconCalendarEvent } from '@tabler/icons-react';
import { useWindowEvent } from '@mantine/hooks';
import { useState } from 'react';
import type { ItemActivitySummary } from '@vavilon/contracts';
import { useOpenCard } from '../navigation';
import { useDealActivityPage } from './activities-api';
import { ActivityLine } from './activity-parts';
import { useDealActivityT } from './words';

/** A Kanban card's «Дела: 2» (red when some are overdue): opens the deal's planned activities, each with «Выполнено». */
export function CardActivities({ dealId, summary }: { dealId: number; summary: ItemActivitySummary }) {
  const { t } = useDealActivityT();
  const [open, setOpen] = useState(false);
  const openCard = useOpenCard();
  const list = useDealActivityPage({ dealId, view: 'planned', limit: 10 }, open);
  const overdue = summary.overdue > 0;
  // Escape closes it wherever the focus is: the list may arrive after the focus trap found nothing to focus.
  useWindowEvent('keydown', (e) => {
    if (open && e.key === 'Escape') setOpen(false);
  });
  // The board drags a card from a pointer press and opens it on a click: the badge keeps both to itself.
  const stop = { onPointerDown: (e: React.PointerEvent) => e.stopPropagation(), onClick: (e: React.MouseEvent) => e.stopPropagation(), onKeyDown: (e: React.KeyboardEvent) => e.stopPropagation() };
  return (
    <Popover opened={open} onChange={setOpen} width={300} position="bottom-start" withArrow shadow="md" trapFocus>
      <Popover.Target>
        <Button
          {...stop}
          onClick={(e) => {
            e.stopPropagation();
            setOpen((o) => !o);
          }}
          size="compact-xs"
          variant={summary.planned ? 'light' : 'subtle'}
          color={overdue ? 'red' : summary.planned ? 'blue' : 'gray'}
          leftSection={<IconCalendarEvent size={12} />}
          aria-label={`${t('badge', { count: summary.planned })}${overdue ? `, ${t('badgeOverdue', { count: summary.overdue })}` : ''}`}
        >
          {summary.planned ? t('badge', { count: summary.planned }) : t('noActivities')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown {...stop} onKeyDown={(e) => (e.key === 'Escape' ? setOpen(false) : e.stopPropagation())}>
        <Text size="xs" c="dimmed" mb={8}>
          {t('cardHint')}
        </Text>
        {!list.data ? (
          <Stack gap={6}>
            <Skeleton h={34} />
            <Skeleton h={34} />
          </Stack>
        ) : list.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('noActivities')}
          </Text>
        ) : (
          <Stack gap={10}>
            {list.data.items.map((a) => (
              <ActivityLine key={a.id} activity={a} />
            ))}
          </Stack>
        )}
        <Anchor
          component="button"
          size="sm"
          mt={10}
          onClick={() => {
            setOpen(false);
            openCard('deal', dealId);
          }}
        >
          {t('openDeal')}
        </Anchor>
      </Popover.Dropdown>
    </Popover>
  );
}
