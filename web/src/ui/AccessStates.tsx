import { Button, Card, Group } from '@mantine/core';
import { IconLock, IconMapSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../api/client';
import { EmptyState } from './EmptyState';
import { useDocumentTitle } from './use-document-title';

/** What a page shows instead of its data when the server refuses it (403) or does not know it (404). */
export type RefusalKind = 'forbidden' | 'missing';

export function refusalOf(error: unknown): RefusalKind | null {
  if (!isApiError(error)) return null;
  if (error.status === 403) return 'forbidden';
  if (error.status === 404) return 'missing';
  return null;
}

/** Where to go from a page that is not there: home, or the site map. */
export function HomeLink() {
  const { t } = useTranslation();
  return (
    <Group gap="sm" justify="center">
      <Button component={Link} to="/">
        {t('notFound.home')}
      </Button>
      <Button component={Link} to="/sitemap" variant="default">
        {t('sitemap.title')}
      </Button>
    </Group>
  );
}

/** «Нет доступа» / «Не найдено» with a way home; `card` when it stands for the whole page. */
export function RefusalState({ kind, card = false }: { kind: RefusalKind; card?: boolean }) {
  const { t } = useTranslation();
  useDocumentTitle(t(`${kind}.title`));
  const body = (
    <div role="alert" data-refusal={kind}>
      <EmptyState icon={kind === 'forbidden' ? <IconLock size={30} /> : <IconMapSearch size={30} />} title={t(`${kind}.title`)} description={t(`${kind}.text`)} action={<HomeLink />} />
    </div>
  );
  return card ? <Card>{body}</Card> : body;
}

/** A page the user may not open: «Нет доступа» in its own card. */
export function ForbiddenPage() {
  return <RefusalState kind="forbidden" card />;
}
