import { ThemeIcon } from '@mantine/core';
import { IconCalendarEvent, IconChecklist, IconListCheck, IconMail, IconPhoneIncoming, IconPhoneOutgoing, type Icon } from '@tabler/icons-react';
import type { Activity, ActivityType } from '@vavilon/contracts';
import { useActT } from './i18n';

/** The types in the order of the «Создать» menu and of the card's composer. */
export const ACTIVITY_TYPES: ActivityType[] = ['call', 'meeting', 'email', 'todo', 'task'];

export const TYPE_ICON: Record<ActivityType, Icon> = { call: IconPhoneOutgoing, meeting: IconCalendarEvent, email: IconMail, todo: IconListCheck, task: IconChecklist };
export const TYPE_COLOR: Record<ActivityType, string> = { call: 'teal', meeting: 'violet', email: 'blue', todo: 'orange', task: 'indigo' };

/** Calls and meetings have a start and an end; the rest a deadline. */
export const hasPeriod = (type: ActivityType) => type === 'call' || type === 'meeting';

/** The type's icon in a tinted circle, named for screen readers («Звонок, входящий»). */
export function TypeIcon({ activity, size = 26, decorative = false }: { activity: Pick<Activity, 'type' | 'direction'>; size?: number; decorative?: boolean }) {
  const { t } = useActT();
  const Glyph = activity.type === 'call' && activity.direction === 'incoming' ? IconPhoneIncoming : TYPE_ICON[activity.type];
  const label = activity.type === 'call' && activity.direction ? `${t('type.call')}, ${t(`direction.${activity.direction}`).toLowerCase()}` : t(`type.${activity.type}`);
  return (
    <ThemeIcon size={size} radius={size / 2} variant="light" color={TYPE_COLOR[activity.type]} {...(decorative ? { 'aria-hidden': true } : { role: 'img', 'aria-label': label, title: label })}>
      <Glyph size={Math.round(size * 0.6)} />
    </ThemeIcon>
  );
}
