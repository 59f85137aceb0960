import { Badge, Button, Card, Group as Row, Paper, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconMail, IconPlus, IconSearch, IconUsersGroup } from '@tabler/icons-react';
import type { Group } from '@vavilon/contracts';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { PageHeader } from '../../ui/PageHeader';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { showError, showSuccess } from '../../ui/toasts';
import { useDocumentTitle } from '../../ui/use-document-title';
import { useGroupWrites, useGroups, useInvitations } from './api';
import { GroupAvatar } from './GroupAvatar';
import { GroupForm } from './GroupForm';
import { useGroupsT } from './i18n';
import { datesLabel, groupPath } from './labels';

type Filter = 'mine' | 'all' | 'archive';

/** «Группы»: the groups the user may see as cards, the invitations waiting for them, and «Создать». */
export default function GroupsPage() {
  const { t } = useGroupsT();
  useDocumentTitle(t('title'));
  const [params, setParams] = useSearchParams();
  const filter = (['mine', 'all', 'archive'].includes(params.get('filter') ?? '') ? params.get('filter') : 'all') as Filter;
  const [text, setText] = useState('');
  const [search] = useDebouncedValue(text.trim(), 250);
  const [creating, setCreating] = useState(params.get('create') === '1');
  const list = useGroups({ filter: filter === 'mine' ? 'mine' : 'all', search, archived: filter === 'archive' ? 'true' : 'false' });

  return (
    <>
      <PageHeader
        title={t('title')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('create')}
          </Button>
        }
        below={
          <Row gap="sm" wrap="wrap">
            <SegmentedControl
              aria-label={t('filter.label')}
              value={filter}
              onChange={(v) => setParams(v === 'all' ? {} : { filter: v }, { replace: true })}
              data={[
                { value: 'all', label: t('filter.all') },
                { value: 'mine', label: t('filter.mine') },
                { value: 'archive', label: t('filter.archive') },
              ]}
            />
            <TextInput leftSection={<IconSearch size={16} />} placeholder={t('search')} aria-label={t('search')} value={text} onChange={(e) => setText(e.currentTarget.value)} w={280} />
          </Row>
        }
      />
      <Stack gap="md">
        <Invitations />
        {list.isPending ? (
          <PageSkeleton rows={4} />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <Paper radius="md" shadow="xs">
            <EmptyState
              icon={<IconUsersGroup size={32} />}
              title={t('empty.title')}
              description={search ? t('empty.search') : filter === 'mine' ? t('empty.mine') : t('empty.text')}
              action={
                search ? null : (
                  <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                    {t('create')}
                  </Button>
                )
              }
            />
          </Paper>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" role="list" aria-label={t('title')}>
            {list.data.items.map((g) => (
              <GroupCard key={g.id} group={g} />
            ))}
          </SimpleGrid>
        )}
      </Stack>
      <GroupForm opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}

/** A group in the list: avatar, name, kind and visibility, dates, members, the user's standing. */
function GroupCard({ group: g }: { group: Group }) {
  const { t } = useGroupsT();
  const dates = datesLabel(g);
  return (
    <Card component={Link} to={groupPath(g.id)} radius="md" shadow="xs" padding="md" withBorder={false} role="listitem" aria-label={g.name} style={{ textDecoration: 'none' }}>
      <Row wrap="nowrap" align="flex-start" gap="md">
        <GroupAvatar group={g} size={52} />
        <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Text fw={600} c="dark.7" truncate>
            {g.name}
          </Text>
          <Row gap={6}>
            <Badge variant="light" size="sm">
              {t(`kind.${g.kind}`)}
            </Badge>
            <Badge variant="outline" color="gray" size="sm">
              {t(`visibility.${g.visibility}`)}
            </Badge>
            {g.archived ? (
              <Badge color="gray" size="sm">
                {t('archived')}
              </Badge>
            ) : null}
          </Row>
          {dates ? (
            <Text size="xs" c="dimmed">
              {dates}
            </Text>
          ) : null}
          {g.description ? (
            <Text size="sm" c="dimmed" lineClamp={2}>
              {g.description}
            </Text>
          ) : null}
          <Row gap="xs" mt={4}>
            <Text size="xs" c="dimmed">
              {t('members', { count: g.membersCount })}
            </Text>
            {g.myStatus ? (
              <Badge size="xs" variant="dot" color={g.myStatus === 'member' ? 'green' : 'orange'}>
                {g.myStatus === 'member' && g.myRole !== 'member' ? t(`role.${g.myRole}`) : t(`status.${g.myStatus}`)}
              </Badge>
            ) : null}
          </Row>
        </Stack>
      </Row>
    </Card>
  );
}

/** «Приглашения»: the groups that invited the user, each with «Принять» and «Отклонить». */
function Invitations() {
  const { t } = useGroupsT();
  const list = useInvitations();
  const writes = useGroupWrites();
  const items = list.data?.items ?? [];
  if (!items.length) return null;
  const answer = async (g: Group, decision: 'accept' | 'decline') => {
    try {
      await writes.answerInvitation.mutateAsync({ id: g.id, decision });
      showSuccess(decision === 'accept' ? t('invitations.accepted', { name: g.name }) : t('invitations.declined'));
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Paper radius="md" shadow="xs" p="md" component="section" aria-label={t('invitations.title')}>
      <Row gap="xs" mb="sm">
        <IconMail size={18} />
        <Title order={2} fz="md" fw={600}>
          {t('invitations.title')}
        </Title>
      </Row>
      <Stack gap="xs">
        {items.map((g) => (
          <Row key={g.id} justify="space-between" wrap="nowrap" gap="sm">
            <Row gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
              <GroupAvatar group={g} size={36} />
              <div style={{ minWidth: 0 }}>
                <Text component={Link} to={groupPath(g.id)} fw={500} size="sm" truncate>
                  {g.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {t(`kind.${g.kind}`)} · {t('members', { count: g.membersCount })}
                </Text>
              </div>
            </Row>
            <Row gap="xs" wrap="nowrap">
              <Button size="xs" onClick={() => void answer(g, 'accept')} aria-label={`${t('invitations.accept')}: ${g.name}`}>
                {t('invitations.accept')}
              </Button>
              <Button size="xs" variant="default" onClick={() => void answer(g, 'decline')} aria-label={`${t('invitations.decline')}: ${g.name}`}>
                {t('invitations.decline')}
              </Button>
            </Row>
          </Row>
        ))}
      </Stack>
    </Paper>
  );
}
