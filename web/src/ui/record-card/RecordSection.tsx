import { ActionIcon, Button, Divider, Group, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconPencil } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useKitT } from '../kit-i18n';
import classes from './record-card.module.css';

export interface RecordSectionProps {
  /** Stable id: `data-block` for scroll keeping and tests. */
  id: string;
  title: string;
  /** No divider above the first section. */
  first?: boolean;
  /** The section shows its editors (the caller renders them as children). */
  editing?: boolean;
  /** Shows «Изменить» in the header while not editing. */
  onEdit?: () => void;
  /** With `onToggle`, the header gets a chevron and the body hides while collapsed. */
  collapsed?: boolean;
  onToggle?: () => void;
  /** Something on the right of the header instead of (or besides) «Изменить». */
  extra?: ReactNode;
  children: ReactNode;
}

/** A titled block of a card: fields shown as rows, or their editors while `editing`. */
export function RecordSection({ id, title, first, editing, onEdit, collapsed, onToggle, extra, children }: RecordSectionProps) {
  const { t } = useKitT();
  return (
    <section className={classes.block} aria-label={title} data-block={id} data-editing={editing || undefined}>
      {first ? null : <Divider mb="md" />}
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Group gap={4} wrap="nowrap">
          {onToggle ? (
            <ActionIcon variant="subtle" color="gray" size="sm" onClick={onToggle} aria-expanded={!collapsed} aria-label={t(collapsed ? 'card.expand' : 'card.collapse', { title })}>
              {collapsed ? <IconChevronRight size={14} /> : <IconChevronDown size={14} />}
            </ActionIcon>
          ) : null}
          <Text size="xs" fw={700} tt="uppercase" c="gray.7" style={{ letterSpacing: '0.04em' }}>
            {title}
          </Text>
        </Group>
        <Group gap={4} wrap="nowrap">
          {extra}
          {onEdit && !editing ? (
            <Button variant="subtle" size="compact-xs" leftSection={<IconPencil size={12} />} onClick={onEdit} aria-label={t('card.editSection', { title })}>
              {t('card.edit')}
            </Button>
          ) : null}
        </Group>
      </Group>
      {collapsed && !editing ? null : children}
    </section>
  );
}

export interface RecordFieldRowProps {
  label: string;
  /** The value as shown (FieldValue and friends). */
  children: ReactNode;
  error?: string;
  /** A click on the row (not on a link or button inside it) opens the editor. */
  onEdit?: () => void;
}

/** One field shown on a card: its label above, the value under it; click to edit. */
export function RecordFieldRow({ label, children, error, onEdit }: RecordFieldRowProps) {
  return (
    <div
      className={classes.fieldRow}
      onClick={(e) => {
        if (!onEdit || (e.target as HTMLElement).closest('a,button')) return;
        onEdit();
      }}
      style={onEdit ? undefined : { cursor: 'default' }}
    >
      <div className={classes.fieldLabel}>{label}</div>
      <div className={classes.fieldValue}>{children}</div>
      {error ? (
        <Text size="xs" c="red" mt={2}>
          {error}
        </Text>
      ) : null}
    </div>
  );
}
