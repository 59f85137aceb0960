import { Button, Card, Group } from '@mantine/core';
import { IconMapSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../ui/EmptyState';
import { useDocumentTitle } from '../../ui/use-document-title';

/** An address the portal does not know, inside the shell so that the menu still helps. */
export default function NotFoundPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('notFound.title'));
  return (
    <Card>
      <EmptyState
        icon={<IconMapSearch size={30} />}
        title={t('notFound.title')}
        description={t('notFound.text')}
        action={
          <Group gap="sm" justify="center">
            <Button component={Link} to="/">
              {t('notFound.home')}
            </Button>
            <Button component={Link} to="/sitemap" variant="default">
              {t('sitemap.title')}
            </Button>
          </Group>
        }
      />
    </Card>
  );
}
