import { Button, Menu } from '@mantine/core';
import { IconChevronDown, IconDownload, IconFileSpreadsheet, IconFileText } from '@tabler/icons-react';
import { showSuccess } from '../../../ui/toasts';
import { exportUrl } from '../api';
import { useCrmT } from '../i18n';
import type { EntityType, ListFilter } from '../types';

export function download(url: string) {
  const a = document.createElement('a');
  a.href = url;
  a.rel = 'noopener';
  a.download = '';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** «Экспорт» → CSV / Excel: the current list with its filter and columns. */
export function ExportMenu({
  entity,
  filter,
  columns,
  ids,
  variant = 'default',
  label,
}: {
  entity: EntityType;
  filter: ListFilter & { search?: string; sort?: string | null; order?: string };
  columns: string[];
  ids?: number[];
  variant?: 'default' | 'white' | 'light';
  label?: string;
}) {
  const { t } = useCrmT();
  const go = (format: 'csv' | 'xlsx') => {
    download(exportUrl(entity, format, filter, columns, ids));
    showSuccess(t('export.started'));
  };
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <Button variant={variant} leftSection={<IconDownload size={16} />} rightSection={<IconChevronDown size={14} />} size={variant === 'white' ? 'xs' : 'sm'}>
          {label ?? t('export.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconFileText size={16} />} onClick={() => go('csv')}>
          {t('export.csv')}
        </Menu.Item>
        <Menu.Item leftSection={<IconFileSpreadsheet size={16} />} onClick={() => go('xlsx')}>
          {t('export.xlsx')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
