import { Anchor, Card, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconHeart } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { useSession } from '../auth/session';
import { useUser } from '../users/api';
import { EmptyState } from '../../ui/EmptyState';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { UserAvatar } from '../../ui/UserAvatar';
import { useDocumentTitle } from '../../ui/use-document-title';
import { useThanks } from './api';
import { BADGE_EMOJI, useFeedT } from './i18n';

/** A person's «Благодарности»: the thanks they received, each with its badge, author, text and post. */
export default function ThanksPage() {
  const { t } = useFeedT();
  const me = useSession();
  const userId = Number(useParams().userId);
  const user = useUser(userId);
  const list = useThanks(userId);
  const title = user.data ? t('thanksOf', { name: user.data.fullName }) : t('thanksPage');
  useDocumentTitle(title, me.portal.title);
  return (
    <>
      <PageHeader title={title} />
      <Stack gap="sm" maw={760}>
        {list.isLoading ? (
          <Skeleton h={80} />
        ) : !list.data?.items.length ? (
          <Card>
            <EmptyState icon={<IconHeart size={32} />} title={t('noThanks')} />
          </Card>
        ) : (
          list.data.items.map((th) => (
            <Card key={th.postId} data-testid="thanks-item">
              <Group wrap="nowrap" align="flex-start" gap="md">
                <Text fz={40} lh={1} aria-label={t(`badges.${th.badge}`)}>
                  {BADGE_EMOJI[th.badge]}
                </Text>
                <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
                  <Group gap={6}>
                    <Text size="sm" c="dimmed">
                      {t('fromWhom')}:
                    </Text>
                    {th.from ? (
                      <Group gap={6}>
                        <UserAvatar user={{ ...th.from, firstName: th.from.fullName.split(' ')[0] ?? '', lastName: th.from.fullName.split(' ')[1] ?? '' }} size={22} />
                        <Text size="sm" fw={600}>
                          {th.from.fullName}
                        </Text>
                      </Group>
                    ) : null}
                    <Text size="xs" c="dimmed">
                      {formatDateTime(th.createdAt)}
                    </Text>
                  </Group>
                  {th.text ? <Text size="sm">{th.text}</Text> : null}
                  <Anchor component={Link} to={`/stream?post=${th.postId}`} size="sm">
                    {t('openPost')}
                  </Anchor>
                </Stack>
              </Group>
            </Card>
          ))
        )}
      </Stack>
    </>
  );
}
