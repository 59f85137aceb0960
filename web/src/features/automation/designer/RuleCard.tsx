import { ActionIcon, Badge, Group, Popover, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconChevronDown, IconChevronUp, IconEdit, IconGripVertical, IconTrash } from '@tabler/icons-react';
import type { Rule } from '@vavilon/contracts';
import type { DragEvent } from 'react';
import { ActionMenu } from '../../../ui/ActionMenu';
import { useAutoT } from '../words';
import { conditionText, startText, typeLabel, type FieldLookup } from './summary';
import { TypeIcon } from './TypeIcon';
import css from './designer.module.css';

export interface CardMoves {
  up?: () => void;
  down?: () => void;
}

/** A robot or trigger card in its stage column: name, type, start, condition and a «broken» badge with what it points at that is gone. */
export function RuleCard({
  rule,
  lookup,
  moves,
  onEdit,
  onRemove,
  drag,
}: {
  rule: Rule;
  lookup: FieldLookup;
  moves: CardMoves;
  onEdit: () => void;
  onRemove: () => void;
  drag: { dragging: boolean; over: boolean; onDragStart: (e: DragEvent) => void; onDragEnd: () => void; onDragOver: (e: DragEvent) => void; onDrop: (e: DragEvent) => void };
}) {
  const { t } = useAutoT();
  const broken = rule.problems.length > 0;
  const cls = [css.card, rule.kind === 'trigger' ? css.trigger : '', broken ? css.broken : '', drag.dragging ? css.dragging : '', drag.over ? css.dropBefore : ''].filter(Boolean).join(' ');
  return (
    <div
      className={cls}
      role="listitem"
      aria-label={rule.name}
      data-rule-id={rule.id}
      draggable
      onDragStart={drag.onDragStart}
      onDragEnd={drag.onDragEnd}
      onDragOver={drag.onDragOver}
      onDrop={drag.onDrop}
    >
      <div className={css.cardHead}>
        <IconGripVertical size={14} className={css.handle} aria-hidden />
        <TypeIcon type={rule.type} kind={rule.kind} size={26} />
        <button type="button" className={css.cardTitle} onClick={onEdit} aria-label={`${t('designer.edit')}: ${rule.name}`}>
          {rule.name}
          <Text component="span" display="block" size="xs" c="dimmed" fw={400}>
            {typeLabel(rule.type)}
          </Text>
        </button>
        <ActionMenu
          label={t('designer.actions', { name: rule.name })}
          position="bottom-end"
          size="sm"
          iconSize={14}
          zIndex={260}
          items={[
            { label: t('designer.edit'), icon: <IconEdit size={14} />, onClick: onEdit },
            ...(moves.up ? [{ label: t('designer.moveUp'), icon: <IconChevronUp size={14} />, onClick: moves.up }] : []),
            ...(moves.down ? [{ label: t('designer.moveDown'), icon: <IconChevronDown size={14} />, onClick: moves.down }] : []),
            { label: t('designer.remove'), icon: <IconTrash size={14} />, color: 'red', onClick: onRemove },
          ]}
        />
      </div>
      {rule.kind === 'robot' ? <div className={css.meta}>{startText(rule, lookup, !moves.up)}</div> : null}
      {rule.condition && rule.condition.terms.length ? <div className={css.meta}>{t('start.condition', { text: conditionText(rule.condition, lookup) })}</div> : null}
      <Group justify="space-between" gap={4} wrap="nowrap" mih={22}>
        {broken ? (
          <Popover width={260} position="bottom-start" withinPortal shadow="md" zIndex={260}>
            <Popover.Target>
              <Badge component="button" type="button" color="red" variant="light" size="sm" leftSection={<IconAlertTriangle size={12} />} style={{ cursor: 'pointer' }}>
                {t('designer.broken')}
              </Badge>
            </Popover.Target>
            <Popover.Dropdown>
              <Text size="xs" fw={600} mb={4}>
                {t('designer.brokenHint')}
              </Text>
              <ul style={{ margin: 0, paddingLeft: 16 }} aria-label={t('designer.broken')}>
                {rule.problems.map((p) => (
                  <li key={p.path}>
                    <Text size="xs">{p.message}</Text>
                  </li>
                ))}
              </ul>
            </Popover.Dropdown>
          </Popover>
        ) : (
          <span />
        )}
        <Group gap={0} wrap="nowrap">
          <Tooltip label={t('designer.moveUp')} withinPortal zIndex={260}>
            <ActionIcon variant="subtle" color="gray" size="sm" disabled={!moves.up} onClick={moves.up} aria-label={`${t('designer.moveUp')}: ${rule.name}`}>
              <IconChevronUp size={14} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('designer.moveDown')} withinPortal zIndex={260}>
            <ActionIcon variant="subtle" color="gray" size="sm" disabled={!moves.down} onClick={moves.down} aria-label={`${t('designer.moveDown')}: ${rule.name}`}>
              <IconChevronDown size={14} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
    </div>
  );
}
