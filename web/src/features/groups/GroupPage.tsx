import { Anchor, Badge, Button, Group as Row, Menu, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconArchive, IconDots, IconEdit, IconLogout, IconTrash, IconUserPlus, IconUsersGroup } from '@tabler/icons-react';
import type { Group } from '@vavilon/contracts';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { GroupTab } from '../../app/feature';
import { refusalOf } from '../../ui/AccessStates';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { showError, showSuccess } from '../../ui/toasts';
import { useDocumentTitle } from '../../ui/use-document-title';
import { features } from '../index';
import { useGroup, useGroupWrites } from './api';
import { GroupAvatar } from './GroupAvatar';
import { GroupForm } from './GroupForm';
import { HistoryTab } from './HistoryTab';
import { groupsT, useGroupsT } from './i18n';
import { datesLabel, groupPath } from './labels';
import { InviteDialog, MembersTab } from './MembersTab';

/** «Задачи» until the tasks feature fills it: a link to the task list filtered by the group. */
function TasksSlot({ groupId }: { groupId: number }) {
  const { t } = useGroupsT();
  return (
    <Stack align="flex-start" gap="xs" p="md" data-slot="tasks">
      <Text c="dimmed">{t('slot.tasks')}</Text>
      <Anchor component={Link} to={`/tasks/list?group=${groupId}`}>
        {t('slot.tasksLink')}
      </Anchor>
    </Stack>
  );
}

function EmptySlot({ id }: { id: string }) {
  const { t } = useGroupsT();
  return (
    <Text c="dimmed" p="md" data-slot={id}>
      {t('slot.soon')}
    </Text>
  );
}

/** The page's tabs: the features' contributions (`groupTabs`), over the groups' own and the empty slots of modules still to come. */
function groupTabs(): GroupTab[] {
  const own: GroupTab[] = [
    { id: 'tasks', title: () => groupsT('tabs.tasks'), order: 10, element: (id) => <TasksSlot groupId={id} /> },
    { id: 'members', title: () => groupsT('tabs.members'), order: 20, element: (id) => <MembersTab groupId={id} /> },
    { id: 'feed', title: () => groupsT('tabs.feed'), order: 30, element: () => <EmptySlot id="feed" /> },
    { id: 'drive', title: () => groupsT('tabs.drive'), order: 40, element: () => <EmptySlot id="drive" /> },
    { id: 'chat', title: () => groupsT('tabs.chat'), order: 50, element: () => <EmptySlot id="chat" /> },
    { id: 'calendar', title: () => groupsT('tabs.calendar'), order: 60, element: () => <EmptySlot id="calendar" /> },
    { id: 'history', title: () => groupsT('tabs.history'), order: 90, element: (id) => <HistoryTab groupId={id} /> },
  ];
  const byId = new Map(own.map((tab) => [tab.id, tab]));
  for (const f of features) for (const tab of f.groupTabs ?? []) byId.set(tab.id, tab);
  return [...byId.values()].sort((a, b) => a.order - b.order);
}

const titleOf = (tab: GroupTab) => (typeof tab.title === 'function' ? tab.title() : tab.title);

/** A group's page: its header with the user's actions, and its tabs. */
export default function GroupPage() {
  const { t } = useGroupsT();
  const params = useParams();
  const id = Number(params.id);
  const group = useGroup(id);
  useDocumentTitle(group.data?.name ?? t('title'));
  if (!Number.isInteger(id) || id <= 0 || (group.isError && refusalOf(group.error) === 'missing')) return <GroupNotFound />;
  if (group.isPending) return <PageSkeleton />;
  if (group.isError) return <ErrorState error={group.error} onRetry={() => void group.refetch()} />;
  return <GroupView group={group.data} tab={params.tab} />;
}

function GroupNotFound() {
  const { t } = useGroupsT();
  return (
    <Paper radius="md" shadow="xs">
      <EmptyState
        icon={<IconUsersGroup size={32} />}
        title={t('notFound.title')}
        description={t('notFound.text')}
        action={
          <Button component={Link} to="/groups" variant="default">
            {t('notFound.back')}
          </Button>
        }
      />
    </Paper>
  );
}

function GroupView({ group: g, tab }: { group: Group; tab?: string }) {
  const { t } = useGroupsT();
  const navigate = useNavigate();
  const tabs = groupTabs();
  const current = tabs.find((x) => x.id === tab) ?? tabs[0]!;
  const member = g.myStatus === 'member';
  // A secret group's content is its members'; an invitee sees the header and the people only.
  const shown = member || g.abilities.moderate || g.visibility !== 'secret' ? tabs : tabs.filter((x) => x.id === 'members');
  const active = shown.includes(current) ? current : shown[0]!;
  return (
    <Stack gap="md">
      <GroupHeader group={g} />
      <Paper radius="md" shadow="xs">
        <Tabs value={active.id} onChange={(v) => v && void navigate(groupPath(g.id, v), { replace: true })} keepMounted={false}>
          <Tabs.List aria-label={t('tabs.label')} px="sm">
            {shown.map((x) => (
              <Tabs.Tab key={x.id} value={x.id}>
                {titleOf(x)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {shown.map((x) => (
            <Tabs.Panel key={x.id} value={x.id} p="sm">
              {x.element(g.id)}
            </Tabs.Panel>
          ))}
        </Tabs>
      </Paper>
    </Stack>
  );
}

function Fact({ children }: { children: ReactNode }) {
  return (
    <Badge variant="light" color="gray" size="md" radius="sm" tt="none" fw={500}>
      {children}
    </Badge>
  );
}

/** Avatar, name, kind, visibility and dates; join / ask / accept / leave / invite / edit as the user may. */
function GroupHeader({ group: g }: { group: Group }) {
  const { t } = useGroupsT();
  const navigate = useNavigate();
  const writes = useGroupWrites();
  const [editing, setEditing] = useState(false);
  const [inviting, setInviting] = useState(false);
  const dates = datesLabel(g);
  const a = g.abilities;

  const run = async (fn: () => Promise<unknown>, done?: string) => {
    try {
      await fn();
      if (done) showSuccess(done);
    } catch (e) {
      showError(e);
    }
  };
  const join = () => run(() => writes.join.mutateAsync({ id: g.id }), g.visibility === 'closed' && g.myStatus !== 'invited' ? t('action.requested') : t('action.joined'));
  const decline = () =>
    run(async () => {
      const res = await writes.answerInvitation.mutateAsync({ id: g.id, decision: 'decline' });
      if (!res.group) void navigate('/groups');
    }, t('invitations.declined'));
  const leave = () => run(() => writes.leave.mutateAsync(g.id), g.myStatus === 'requested' ? undefined : t('action.left'));
  const archive = () => run(() => writes.update.mutateAsync({ id: g.id, patch: { archived: !g.archived, version: g.version } }));
  const remove = () => {
    if (!window.confirm(t('action.confirmDelete', { name: g.name }))) return;
    void run(async () => {
      await writes.remove.mutateAsync(g.id);
      void navigate('/groups');
    }, t('action.deleted'));
  };

  return (
    <Paper radius="md" shadow="xs" p="lg" component="header">
      <Row justify="space-between" align="flex-start" wrap="wrap" gap="md">
        <Row gap="md" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
          <GroupAvatar group={g} size={72} />
          <Stack gap={6} style={{ minWidth: 0 }}>
            <Title order={1} fz={24} fw={600} c="dark.7">
              {g.name}
            </Title>
            <Row gap={6}>
              <Fact>{t(`kind.${g.kind}`)}</Fact>
              <Fact>{t(`visibility.${g.visibility}`)}</Fact>
              {dates ? <Fact>{dates}</Fact> : null}
              <Fact>{t('members', { count: g.membersCount })}</Fact>
              {g.archived ? <Badge color="gray">{t('archived')}</Badge> : null}
              {g.myStatus ? (
                <Badge variant="dot" color={g.myStatus === 'member' ? 'green' : 'orange'}>
                  {g.myStatus === 'member' && g.myRole !== 'member' ? t(`role.${g.myRole}`) : t(`status.${g.myStatus}`)}
                </Badge>
              ) : null}
            </Row>
            {g.description ? (
              <Text size="sm" c="dimmed" maw={720} style={{ whiteSpace: 'pre-line' }}>
                {g.description}
              </Text>
            ) : null}
          </Stack>
        </Row>
        <Row gap="sm">
          {a.join ? <Button onClick={() => void join()}>{g.myStatus === 'invited' ? t('action.acceptInvitation') : t('action.join')}</Button> : null}
          {g.myStatus === 'invited' ? (
            <Button variant="default" onClick={() => void decline()}>
              {t('action.declineInvitation')}
            </Button>
          ) : null}
          {a.request ? <Button onClick={() => void join()}>{t('action.request')}</Button> : null}
          {g.myStatus === 'requested' ? (
            <Button variant="default" onClick={() => void leave()}>
              {t('action.cancelRequest')}
            </Button>
          ) : null}
          {a.invite ? (
            <Button variant="default" leftSection={<IconUserPlus size={16} />} onClick={() => setInviting(true)}>
              {t('action.invite')}
            </Button>
          ) : null}
          {a.edit ? (
            <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setEditing(true)}>
              {t('action.edit')}
            </Button>
          ) : null}
          {a.edit || a.delete || (a.leave && g.myStatus === 'member') ? (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="default" px="xs" aria-label={t('action.more')}>
                  <IconDots size={18} />
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {a.leave && g.myStatus === 'member' ? (
                  <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => void leave()}>
                    {t('action.leave')}
                  </Menu.Item>
                ) : null}
                {a.edit ? (
                  <Menu.Item leftSection={<IconArchive size={16} />} onClick={() => void archive()}>
                    {g.archived ? t('action.restore') : t('action.archive')}
                  </Menu.Item>
                ) : null}
                {a.delete ? (
                  <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={remove}>
                    {t('action.delete')}
                  </Menu.Item>
                ) : null}
              </Menu.Dropdown>
            </Menu>
          ) : null}
        </Row>
      </Row>
      <GroupForm opened={editing} onClose={() => setEditing(false)} group={g} />
      <InviteDialog groupId={g.id} opened={inviting} onClose={() => setInviting(false)} />
    </Paper>
  );
}
