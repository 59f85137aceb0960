import { Button, Drawer, Skeleton, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconHelp } from '@tabler/icons-react';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import classes from './shell.module.css';

const HelpArticlesView = lazy(() => import('./HelpArticlesView'));

/** The module the user is in: the first segment of the address ('company', 'sitemap', ...). */
export function helpModuleOf(pathname: string): string {
  const first = pathname.split('/').filter(Boolean)[0];
  return first ? first.toLowerCase() : 'portal';
}

function HelpSkeleton() {
  return (
    <Stack gap="sm" aria-busy="true">
      {[0, 1, 2, 3].map((i) => (
        <Skeleton key={i} h={48} radius="md" />
      ))}
    </Stack>
  );
}

/** The blue «Помощь» button at the far right and its drawer of articles for the current module. */
export function HelpButton() {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  const moduleId = helpModuleOf(pathname);

  return (
    <>
      <Button color="blue" radius="xl" size="sm" leftSection={<IconHelp size={18} />} onClick={open} aria-haspopup="dialog" className={classes.helpButton}>
        <span className={classes.helpLabel}>{t('help.button')}</span>
      </Button>
      <Drawer
        opened={opened}
        onClose={close}
        position="right"
        size={480}
        title={t('help.title')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        overlayProps={{ backgroundOpacity: 0.25, blur: 1 }}
        styles={{ title: { fontWeight: 600, fontSize: 18 } }}
      >
        {opened ? (
          <Suspense fallback={<HelpSkeleton />}>
            <HelpArticlesView moduleId={moduleId} />
          </Suspense>
        ) : null}
      </Drawer>
    </>
  );
}
