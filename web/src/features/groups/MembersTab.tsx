import { Badge, Button, Group as Row, Modal, Stack, Text, Title } from '@mantine/core';
import { IconCrown, IconShield, IconUserMinus, IconUserPlus } from '@tabler/icons-react';
import type { GroupMember } from '@vavilon/contracts';
import { useState } from 'react';
import { UsersPicker, type PickedUser } from '../../ui/fields';
import { FormError, useServerForm } from '../../ui/form-kit';
import { ActionMenu, type ActionMenuItem } from '../../ui/ActionMenu';
import { RowsSkeleton } from '../../ui/PageSkeleton';
import { UserAvatar } from '../../ui/UserAvatar';
import { showError, showSuccess } from '../../ui/toasts';
import { useSession } from '../auth/session';
import { useGroup, useGroupWrites, useMembers } from './api';
import { useGroupsT } from './i18n';

const avatarUser = (u: GroupMember['user']) => {
  const [firstName = '', lastName = ''] = u.fullName.split(/\s+/);
  return { ...u, firstName, lastName };
};

/** «Участники»: members with their roles, invitations and join requests with accept and decline. */
export function MembersTab({ groupId }: { groupId: number }) {
  const { t } = useGroupsT();
  const group = useGroup(groupId);
  const list = useMembers(groupId);
  const writes = useGroupWrites();
  const me = useSession();
  const [inviting, setInviting] = useState(false);
  if (list.isPending || !group.data) return <RowsSkeleton rows={4} />;
  if (list.isError) return <Text c="red">{String(list.error.message)}</Text>;
  const a = group.data.abilities;
  const { members, invited, requests } = list.data;

  const run = async (fn: () => Promise<unknown>, done?: string) => {
    try {
      await fn();
      if (done) showSuccess(done);
    } catch (e) {
      showError(e);
    }
  };

  const memberActions = (m: GroupMember): ActionMenuItem[] => {
    const out: ActionMenuItem[] = [];
    if (m.user.id === me.user.id || m.role === 'owner') return out;
    if (a.changeRoles) {
      out.push(
        m.role === 'moderator'
          ? { label: t('people.makeMember'), icon: <IconShield size={16} />, onClick: () => void run(() => writes.setRole.mutateAsync({ id: groupId, userId: m.user.id, role: 'member' })) }
          : { label: t('people.makeModerator'), icon: <IconShield size={16} />, onClick: () => void run(() => writes.setRole.mutateAsync({ id: groupId, userId: m.user.id, role: 'moderator' })) },
        {
          label: t('people.makeOwner'),
          icon: <IconCrown size={16} />,
          onClick: () => {
            if (window.confirm(t('people.confirmOwner', { name: m.user.fullName }))) void run(() => writes.setRole.mutateAsync({ id: groupId, userId: m.user.id, role: 'owner' }));
          },
        },
      );
    }
    if (a.moderate && (m.role === 'member' || a.changeRoles)) {
      out.push({
        label: t('people.remove'),
        icon: <IconUserMinus size={16} />,
        color: 'red',
        onClick: () => {
          if (window.confirm(t('people.confirmRemove', { name: m.user.fullName }))) void run(() => writes.removeMember.mutateAsync({ id: groupId, userId: m.user.id }));
        },
      });
    }
    return out;
  };

  return (
    <Stack gap="lg" p="xs">
      <section aria-label={t('people.members')}>
        <Row justify="space-between" mb="xs">
          <Title order={2} fz="md" fw={600}>
            {t('people.members')} · {members.length}
          </Title>
          {a.invite ? (
            <Button size="xs" variant="light" leftSection={<IconUserPlus size={14} />} onClick={() => setInviting(true)}>
              {t('people.invite')}
            </Button>
          ) : null}
        </Row>
        <Stack gap={6} role="list">
          {members.map((m) => (
            <PersonRow key={m.user.id} m={m}>
              <Badge variant={m.role === 'member' ? 'outline' : 'light'} color={m.role === 'owner' ? 'yellow' : m.role === 'moderator' ? 'blue' : 'gray'} size="sm">
                {t(`role.${m.role}`)}
              </Badge>
              <ActionMenu items={memberActions(m)} label={t('people.actions', { name: m.user.fullName })} position="bottom-end" />
            </PersonRow>
          ))}
        </Stack>
      </section>
      {requests.length ? (
        <section aria-label={t('people.requests')}>
          <Title order={2} fz="md" fw={600} mb="xs">
            {t('people.requests')} · {requests.length}
          </Title>
          <Stack gap={6} role="list">
            {requests.map((m) => (
              <PersonRow key={m.user.id} m={m}>
                {a.moderate ? (
                  <>
                    <Button
                      size="xs"
                      onClick={() => void run(() => writes.answerRequest.mutateAsync({ id: groupId, userId: m.user.id, decision: 'accept' }))}
                      aria-label={`${t('people.accept')}: ${m.user.fullName}`}
                    >
                      {t('people.accept')}
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => void run(() => writes.answerRequest.mutateAsync({ id: groupId, userId: m.user.id, decision: 'decline' }))}
                      aria-label={`${t('people.decline')}: ${m.user.fullName}`}
                    >
                      {t('people.decline')}
                    </Button>
                  </>
                ) : null}
              </PersonRow>
            ))}
          </Stack>
        </section>
      ) : null}
      {invited.length ? (
        <section aria-label={t('people.invited')}>
          <Title order={2} fz="md" fw={600} mb="xs">
            {t('people.invited')} · {invited.length}
          </Title>
          <Stack gap={6} role="list">
            {invited.map((m) => (
              <PersonRow key={m.user.id} m={m}>
                {a.moderate ? (
                  <Button
                    size="xs"
                    variant="subtle"
                    color="gray"
                    onClick={() => void run(() => writes.removeMember.mutateAsync({ id: groupId, userId: m.user.id }))}
                    aria-label={`${t('people.withdraw')}: ${m.user.fullName}`}
                  >
                    {t('people.withdraw')}
                  </Button>
                ) : null}
              </PersonRow>
            ))}
          </Stack>
        </section>
      ) : null}
      <InviteDialog groupId={groupId} opened={inviting} onClose={() => setInviting(false)} />
    </Stack>
  );
}

function PersonRow({ m, children }: { m: GroupMember; children?: React.ReactNode }) {
  const { t } = useGroupsT();
  const note = m.status === 'invited' && m.invitedBy ? t('people.invitedBy', { name: m.invitedBy.fullName }) : m.status === 'requested' && m.message ? `«${m.message}»` : m.position;
  return (
    <Row justify="space-between" wrap="nowrap" role="listitem" aria-label={m.user.fullName} py={4}>
      <Row gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
        <UserAvatar user={avatarUser(m.user)} size={34} />
        <div style={{ minWidth: 0 }}>
          <Text size="sm" fw={500} truncate>
            {m.user.fullName}
          </Text>
          {note ? (
            <Text size="xs" c="dimmed" truncate>
              {note}
            </Text>
          ) : null}
        </div>
      </Row>
      <Row gap="xs" wrap="nowrap">
        {children}
      </Row>
    </Row>
  );
}

/** «Пригласить»: employees chosen get an invitation each, which they accept or decline. */
export function InviteDialog({ groupId, opened, onClose }: { groupId: number; opened: boolean; onClose: () => void }) {
  const { t } = useGroupsT();
  const writes = useGroupWrites();
  const form = useServerForm();
  const [people, setPeople] = useState<PickedUser[]>([]);
  const send = async () => {
    if (!people.length) return form.setErrors({ userIds: t('people.inviteWho') });
    try {
      await writes.invite.mutateAsync({ id: groupId, userIds: people.map((u) => u.id) });
      showSuccess(t('people.invitedToast'));
      setPeople([]);
      onClose();
    } catch (e) {
      form.fromError(e);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('people.invite')} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <Stack>
          <FormError message={form.general} />
          <UsersPicker
            label={t('people.inviteWho')}
            value={people}
            onChange={(v) => {
              setPeople(v);
              form.clear('userIds');
            }}
            error={form.errorOf('userIds')}
            data-autofocus
          />
          <Row justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('form.cancel')}
            </Button>
            <Button type="submit" loading={writes.invite.isPending}>
              {t('people.send')}
            </Button>
          </Row>
        </Stack>
      </form>
    </Modal>
  );
}
