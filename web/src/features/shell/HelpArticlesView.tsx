import { Accordion, Stack, Skeleton } from '@mantine/core';
import { IconBook2 } from '@tabler/icons-react';
import DOMPurify from 'dompurify';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import uiClasses from '../../ui/ui.module.css';
import { useHelp } from './api';

/** Help articles of one module; the server sanitises the HTML, we do it again. */
export default function HelpArticlesView({ moduleId }: { moduleId: string }) {
  const { t } = useTranslation();
  const help = useHelp(moduleId, true);

  if (help.isPending) {
    return (
      <Stack gap="sm" aria-busy="true">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} h={48} radius="md" />
        ))}
      </Stack>
    );
  }
  if (help.isError) return <ErrorState error={help.error} onRetry={() => void help.refetch()} />;
  const articles = help.data.articles;
  if (articles.length === 0) {
    return <EmptyState icon={<IconBook2 size={30} />} title={t('help.emptyTitle')} description={t('help.empty')} />;
  }
  return (
    <Accordion variant="separated" radius="md" defaultValue={articles.length === 1 ? articles[0].id : null}>
      {articles.map((a) => (
        <Accordion.Item key={a.id} value={a.id}>
          <Accordion.Control>{a.title}</Accordion.Control>
          <Accordion.Panel>
            <div className={uiClasses.richText} dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(a.html) }} />
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}
