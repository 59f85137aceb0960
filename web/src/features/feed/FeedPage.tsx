import { useSearchParams } from 'react-router';
import { useSession } from '../auth/session';
import { PageHeader } from '../../ui/PageHeader';
import { useDocumentTitle } from '../../ui/use-document-title';
import { Feed } from './Feed';
import { useFeedT } from './i18n';

/** «Новости» under /stream; `?post=<id>` (a notification's link) shows that post on top. */
export default function FeedPage() {
  const { t } = useFeedT();
  const me = useSession();
  useDocumentTitle(t('title'), me.portal.title);
  const [params, setParams] = useSearchParams();
  const post = Number(params.get('post'));
  const postId = Number.isInteger(post) && post > 0 ? post : null;
  return (
    <>
      <PageHeader title={t('title')} />
      <Feed postId={postId} onShowAll={() => setParams({})} />
    </>
  );
}
