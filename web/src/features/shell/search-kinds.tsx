import { ThemeIcon } from '@mantine/core';
import {
  IconAddressBook,
  IconBriefcase,
  IconBuildingSkyscraper,
  IconCalendarEvent,
  IconChecklist,
  IconFileText,
  IconLayoutList,
  IconMessageCircle,
  IconTargetArrow,
  IconUser,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react';

/** The icon and colour of a kind of search result, by the kind's name (`crm.deal`, `employees`). */
function lookOf(kind: string): { icon: Icon; color: string } {
  if (kind === 'menu') return { icon: IconLayoutList, color: 'gray' };
  if (kind === 'employees' || kind.endsWith('.user')) return { icon: IconUser, color: 'teal' };
  if (kind === 'crm.deal') return { icon: IconBriefcase, color: 'blue' };
  if (kind === 'crm.lead') return { icon: IconTargetArrow, color: 'orange' };
  if (kind === 'crm.contact') return { icon: IconAddressBook, color: 'cyan' };
  if (kind === 'crm.company') return { icon: IconBuildingSkyscraper, color: 'indigo' };
  if (kind.includes('task')) return { icon: IconChecklist, color: 'grape' };
  if (kind.includes('group')) return { icon: IconUsersGroup, color: 'violet' };
  if (kind.includes('calendar') || kind.includes('event')) return { icon: IconCalendarEvent, color: 'pink' };
  if (kind.includes('feed') || kind.includes('post')) return { icon: IconMessageCircle, color: 'lime' };
  return { icon: IconFileText, color: 'gray' };
}

/** The kind's icon on a tinted square, before a result's title. */
export function KindIcon({ kind, size = 32 }: { kind: string; size?: number }) {
  const { icon: KindGlyph, color } = lookOf(kind);
  return (
    <ThemeIcon size={size} radius="md" variant="light" color={color} aria-hidden="true" style={{ flex: 'none' }}>
      <KindGlyph size={Math.round(size * 0.55)} stroke={1.7} />
    </ThemeIcon>
  );
}
