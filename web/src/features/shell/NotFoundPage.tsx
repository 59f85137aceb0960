import { Card } from '@mantine/core';
import { IconMapSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { HomeLink } from '../../ui/AccessStates';
import { EmptyState } from '../../ui/EmptyState';
import { useDocumentTitle } from '../../ui/use-document-title';

/** An address the portal does not know, inside the shell so that the menu still helps. */
export default function NotFoundPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('notFound.title'));
  return (
    <Card>
      <EmptyState icon={<IconMapSearch size={30} />} title={t('notFound.title')} description={t('notFound.text')} action={<HomeLink />} />
    </Card>
  );
}
