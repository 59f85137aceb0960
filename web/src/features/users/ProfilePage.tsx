import { Anchor, Badge, Button, Card, Grid, Group, Modal, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconAt, IconExternalLink, IconPencil, IconPhone, IconUserCheck, IconUserOff, IconUserSearch } from '@tabler/icons-react';
import type { UserProfile, UserSummary } from '@vavilon/contracts';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatPhone, phoneHref } from '../../ui/format';
import { isExternalUrl, toAppPath } from '../../ui/links';
import { PageHeader } from '../../ui/PageHeader';
import { showSuccess } from '../../ui/toasts';
import { UserAvatar } from '../../ui/UserAvatar';
import { useDocumentTitle } from '../../ui/use-document-title';
import { useSession } from '../auth/session';
import { useSetUserActive, useUser } from './api';
import { ProfileEditForm } from './ProfileEditForm';
import { ProfilePhoto } from './ProfilePhoto';
import { StatusBadge } from './StatusBadge';
import classes from './users.module.css';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card component="section" aria-label={title}>
      <Title order={2} fz="md" fw={600} mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

function PersonLink({ user }: { user: UserSummary }) {
  return (
    <Link to={`/company/personal/user/${user.id}`} className={classes.personRow}>
      <UserAvatar user={user} size={34} />
      <div style={{ minWidth: 0 }}>
        <Text size="sm" fw={500} truncate>
          {user.fullName}
        </Text>
        {user.position ? (
          <Text size="xs" c="dimmed" truncate>
            {user.position}
          </Text>
        ) : null}
      </div>
    </Link>
  );
}

function InfoRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" className={classes.infoLabel}>
        {label}
      </Text>
      <div style={{ minWidth: 0, flex: 1, fontSize: 'var(--mantine-font-size-sm)' }}>{children}</div>
    </Group>
  );
}

function ProfileSkeleton() {
  return (
    <div aria-busy="true">
      <Skeleton h={28} w={200} mb="md" />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card>
            <Group gap="lg">
              <Skeleton h={96} w={96} circle />
              <Stack gap="xs" style={{ flex: 1 }}>
                <Skeleton h={22} w="50%" />
                <Skeleton h={14} w="30%" />
                <Skeleton h={14} w="40%" />
              </Stack>
            </Group>
          </Card>
          <Card mt="md">
            <Stack gap="sm">
              <Skeleton h={16} w={120} />
              <Skeleton h={14} w="60%" />
              <Skeleton h={14} w="50%" />
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card>
            <Stack gap="sm">
              <Skeleton h={16} w={120} />
              <Skeleton h={34} />
              <Skeleton h={34} />
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>
    </div>
  );
}

const TYPE_KEYS = ['work', 'mobile', 'home', 'other'] as const;

/** «Профиль»: the employee's page; editing for those allowed, (de)activation for administrators. */
export default function ProfilePage() {
  const { t } = useTranslation();
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const me = useSession();
  const profile = useUser(id);
  const [params, setParams] = useSearchParams();
  const editing = params.get('edit') === '1' && Boolean(profile.data?.abilities.edit);
  const [confirmOff, setConfirmOff] = useState(false);
  const setActive = useSetUserActive(id);
  useDocumentTitle(profile.data?.fullName ?? t('profile.title'));

  const setEditing = (on: boolean) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (on) next.set('edit', '1');
        else next.delete('edit');
        return next;
      },
      { replace: !on },
    );

  if (!Number.isInteger(id) || id <= 0 || (profile.isError && isApiError(profile.error) && profile.error.status === 404)) {
    return (
      <Card>
        <EmptyState
          icon={<IconUserSearch size={30} />}
          title={t('profile.notFound')}
          description={t('profile.notFoundHint')}
          action={
            <Button component={Link} to="/company">
              {t('users.title')}
            </Button>
          }
        />
      </Card>
    );
  }
  if (profile.isPending) return <ProfileSkeleton />;
  if (profile.isError) {
    return (
      <Card>
        <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />
      </Card>
    );
  }

  const p: UserProfile = profile.data;
  const isMe = p.id === me.user.id;
  const typeLabel = (type: string) => t(`profile.types.${TYPE_KEYS.includes(type as (typeof TYPE_KEYS)[number]) ? type : 'other'}`);

  const toggleActive = (active: boolean) =>
    setActive.mutate(active, {
      onSuccess: (u) => {
        showSuccess(active ? t('profile.activated', { name: u.fullName }) : t('profile.deactivated', { name: u.fullName }));
        setConfirmOff(false);
      },
    });

  if (editing) {
    return (
      <>
        <PageHeader title={t('profile.editTitle')} />
        <ProfileEditForm profile={p} onDone={() => setEditing(false)} />
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={isMe ? t('profile.myTitle') : t('profile.title')}
        actions={
          <>
            {p.abilities.deactivate && !isMe ? (
              p.status === 'inactive' ? (
                <Button variant="default" leftSection={<IconUserCheck size={18} />} loading={setActive.isPending} onClick={() => toggleActive(true)}>
                  {t('profile.activate')}
                </Button>
              ) : (
                <Button variant="default" color="red" leftSection={<IconUserOff size={18} />} onClick={() => setConfirmOff(true)}>
                  {t('profile.deactivate')}
                </Button>
              )
            ) : null}
            {p.abilities.edit ? (
              <Button leftSection={<IconPencil size={18} />} onClick={() => setEditing(true)}>
                {t('profile.edit')}
              </Button>
            ) : null}
          </>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Card className={classes.profileHero}>
              <div className={classes.profileCover} />
              <Group gap="lg" align="flex-end" wrap="wrap">
                <div className={classes.profileAvatar}>
                  <ProfilePhoto profile={p} />
                </div>
                <Stack gap={2} pb={4} style={{ flex: 1, minWidth: 200 }}>
                  <Group gap="xs">
                    <Title order={2} fz={24} fw={600}>
                      {[p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ') || p.fullName}
                    </Title>
                    <StatusBadge status={p.status} />
                    {p.role === 'admin' ? (
                      <Badge variant="light" radius="sm" size="sm">
                        {t('users.roles.admin')}
                      </Badge>
                    ) : null}
                  </Group>
                  <Text c="dimmed">{p.position || t('profile.noPosition')}</Text>
                </Stack>
              </Group>
              <Stack gap="xs" mt="lg">
                <InfoRow label={t('users.fields.department')}>
                  {p.departmentId && p.departmentName ? (
                    <Anchor component={Link} to={`/company?department=${p.departmentId}`} size="sm">
                      {p.departmentName}
                    </Anchor>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('profile.noDepartment')}
                    </Text>
                  )}
                </InfoRow>
                {p.timeZone ? <InfoRow label={t('profile.timeZone')}>{p.timeZone}</InfoRow> : null}
              </Stack>
            </Card>

            <Section title={t('profile.contacts')}>
              {p.phones.length === 0 && p.emails.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('profile.noContacts')}
                </Text>
              ) : (
                <Stack gap="xs">
                  {p.phones.map((ph, i) => (
                    <InfoRow key={`p${i}`} label={typeLabel(ph.type)}>
                      <Group gap={6} wrap="nowrap">
                        <IconPhone size={15} color="var(--mantine-color-gray-6)" />
                        <Anchor href={phoneHref(ph.value)} size="sm">
                          {formatPhone(ph.value)}
                        </Anchor>
                      </Group>
                    </InfoRow>
                  ))}
                  {p.emails.map((em, i) => (
                    <InfoRow key={`e${i}`} label={t('profile.emailLabel', { type: typeLabel(em.type).toLowerCase() })}>
                      <Group gap={6} wrap="nowrap">
                        <IconAt size={15} color="var(--mantine-color-gray-6)" />
                        <Anchor href={`mailto:${em.value}`} size="sm">
                          {em.value}
                        </Anchor>
                      </Group>
                    </InfoRow>
                  ))}
                </Stack>
              )}
            </Section>

            {p.links.length > 0 ? (
              <Section title={t('profile.links')}>
                <Group gap="sm">
                  {p.links.map((l) => {
                    const appPath = toAppPath(l.url);
                    return appPath ? (
                      <Button key={l.id} component={Link} to={appPath} variant="light">
                        {l.title}
                      </Button>
                    ) : (
                      <Button key={l.id} component="a" href={l.url} variant="light" rightSection={isExternalUrl(l.url) ? <IconExternalLink size={14} /> : null}>
                        {l.title}
                      </Button>
                    );
                  })}
                </Group>
              </Section>
            ) : null}
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <Section title={t('profile.manager')}>
              {p.manager ? (
                <PersonLink user={p.manager} />
              ) : (
                <Text size="sm" c="dimmed">
                  {t('profile.noManager')}
                </Text>
              )}
            </Section>
            <Section title={t('profile.subordinates')}>
              {p.subordinates.length ? (
                <Stack gap={2}>
                  {p.subordinates.map((s) => (
                    <PersonLink key={s.id} user={s} />
                  ))}
                </Stack>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('profile.noSubordinates')}
                </Text>
              )}
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>

      <Modal opened={confirmOff} onClose={() => setConfirmOff(false)} title={t('profile.deactivateTitle')} closeButtonProps={{ 'aria-label': t('common.close') }}>
        <Text size="sm">{t('profile.deactivateText', { name: p.fullName })}</Text>
        <Group justify="flex-end" gap="sm" mt="lg">
          <Button variant="default" onClick={() => setConfirmOff(false)} disabled={setActive.isPending}>
            {t('common.cancel')}
          </Button>
          <Button color="red" onClick={() => toggleActive(false)} loading={setActive.isPending}>
            {t('profile.deactivateConfirm')}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
