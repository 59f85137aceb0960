import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import classes from '../ui.module.css';

/** The save bar fixed at the bottom of a form card: «Сохранить», «Отменить». */
export function SaveBar({ saving, onCancel, saveLabel }: { saving?: boolean; onCancel: () => void; saveLabel?: string }) {
  const { t } = useTranslation();
  return (
    <Group className={classes.saveBar} gap="sm">
      <Button type="submit" loading={saving}>
        {saveLabel ?? t('common.save')}
      </Button>
      <Button variant="default" onClick={onCancel} disabled={saving}>
        {t('common.cancel')}
      </Button>
    </Group>
  );
}
