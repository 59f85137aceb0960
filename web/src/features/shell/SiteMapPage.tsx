import { Card, SimpleGrid, Text, Title } from '@mantine/core';
import { IconSitemap } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { toAppPath } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { useDocumentTitle } from '../../ui/use-document-title';
import { useSiteMap } from './api';
import classes from './shell.module.css';

function ToolLink({ path, title, description }: { path: string; title: string; description: string }) {
  const appPath = toAppPath(path);
  const inner = (
    <>
      <Text fw={500} size="sm" className={classes.sitemapTitle}>
        {title}
      </Text>
      {description ? (
        <Text size="xs" c="dimmed" lineClamp={2}>
          {description}
        </Text>
      ) : null}
    </>
  );
  return appPath ? (
    <Link to={appPath} className={classes.sitemapLink}>
      {inner}
    </Link>
  ) : (
    <a href={path} className={classes.sitemapLink}>
      {inner}
    </a>
  );
}

/** «Карта сайта»: every tool of the portal, by section. */
export default function SiteMapPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('sitemap.title'));
  const map = useSiteMap();

  if (map.isPending) return <PageSkeleton />;
  return (
    <>
      <PageHeader title={t('sitemap.title')} />
      {map.isError ? (
        <Card>
          <ErrorState error={map.error} onRetry={() => void map.refetch()} />
        </Card>
      ) : map.data.sections.length === 0 ? (
        <Card>
          <EmptyState icon={<IconSitemap size={30} />} title={t('sitemap.emptyTitle')} description={t('sitemap.empty')} />
        </Card>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {map.data.sections.map((s) => (
            <Card key={s.id} component="section" aria-labelledby={`sitemap-${s.id}`}>
              <Title order={2} fz="md" fw={600} mb="xs" id={`sitemap-${s.id}`}>
                {s.title}
              </Title>
              <nav aria-label={s.title}>
                {s.items.map((i) => (
                  <ToolLink key={i.id} path={i.path} title={i.title} description={i.description} />
                ))}
              </nav>
            </Card>
          ))}
        </SimpleGrid>
      )}
    </>
  );
}
