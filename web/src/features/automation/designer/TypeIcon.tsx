import { ThemeIcon } from '@mantine/core';
import {
  IconArrowRightCircle,
  IconBell,
  IconBolt,
  IconCalendarPlus,
  IconCalendarCheck,
  IconCalendarQuestion,
  IconCalendarTime,
  IconChecklist,
  IconCircleCheck,
  IconEdit,
  IconHourglass,
  IconListCheck,
  IconMessage,
  IconPlugConnected,
  IconRobot,
  IconSquarePlus,
  IconUserShare,
  IconWebhook,
} from '@tabler/icons-react';
import type { RuleKind } from '@vavilon/contracts';

const ICONS: Record<string, typeof IconRobot> = {
  'task.create': IconSquarePlus,
  'task.complete': IconCircleCheck,
  'task.deadline.shift': IconCalendarTime,
  'task.deadline.request': IconCalendarQuestion,
  'stage.change': IconArrowRightCircle,
  'responsible.change': IconUserShare,
  'field.set': IconEdit,
  'fields.check': IconListCheck,
  'comment.add': IconMessage,
  notify: IconBell,
  wait: IconHourglass,
  'webhook.call': IconPlugConnected,
  'field.value': IconEdit,
  'task.completed': IconChecklist,
  'pipeline.item': IconArrowRightCircle,
  webhook: IconWebhook,
  'activity.create': IconCalendarPlus,
  'activity.completed': IconCalendarCheck,
};

/** The icon of a robot or trigger type (triggers amber, robots blue). */
export function TypeIcon({ type, kind, size = 32 }: { type: string; kind: RuleKind; size?: number }) {
  const Icon = ICONS[type] ?? (kind === 'trigger' ? IconBolt : IconRobot);
  return (
    <ThemeIcon size={size} radius="md" variant="light" color={kind === 'trigger' ? 'orange' : 'blue'} style={{ flex: 'none' }} aria-hidden>
      <Icon size={Math.round(size * 0.56)} />
    </ThemeIcon>
  );
}
