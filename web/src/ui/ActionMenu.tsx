import { ActionIcon, Menu, type FloatingPosition } from '@mantine/core';
import { IconDotsVertical } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** One action of a ⋮ menu (a list row's, a card's). */
export interface ActionMenuItem {
  label: string;
  icon?: ReactNode;
  color?: string;
  onClick: () => void;
}

/** The ⋮ button and its menu of actions; nothing when there are none. */
export function ActionMenu({
  items,
  label,
  position,
  size,
  iconSize = 16,
  zIndex,
}: {
  items: ActionMenuItem[];
  label: string;
  position: FloatingPosition;
  size?: string;
  iconSize?: number;
  zIndex?: number;
}) {
  if (!items.length) return null;
  return (
    <Menu position={position} withinPortal shadow="md" zIndex={zIndex}>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" size={size} aria-label={label} onClick={(e) => e.stopPropagation()}>
          <IconDotsVertical size={iconSize} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {items.map((m) => (
          <Menu.Item key={m.label} color={m.color} leftSection={m.icon} onClick={m.onClick}>
            {m.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
