import { Button, Menu } from '@mantine/core';
import { IconChevronDown, IconPlus } from '@tabler/icons-react';
import type { ActivityType } from '@vavilon/contracts';
import { useActT } from './i18n';
import { ACTIVITY_TYPES, TYPE_COLOR, TYPE_ICON } from './types';

/** «Создать» with the choice of type: «Звонок», «Встреча», «Письмо», «Дело», «Задача». */
export function CreateMenu({ onPick }: { onPick: (type: ActivityType) => void }) {
  const { t } = useActT();
  return (
    <Menu position="bottom-end" shadow="md" withinPortal>
      <Menu.Target>
        <Button leftSection={<IconPlus size={16} />} rightSection={<IconChevronDown size={14} />}>
          {t('create')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {ACTIVITY_TYPES.map((type) => {
          const Glyph = TYPE_ICON[type];
          return (
            <Menu.Item key={type} leftSection={<Glyph size={16} color={`var(--mantine-color-${TYPE_COLOR[type]}-6)`} />} onClick={() => onPick(type)}>
              {t(`type.${type}`)}
            </Menu.Item>
          );
        })}
      </Menu.Dropdown>
    </Menu>
  );
}
