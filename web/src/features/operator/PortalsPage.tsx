import { ActionIcon, Anchor, Button, Code, Container, CopyButton, Group, Modal, Skeleton, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconBuildingSkyscraper, IconCheck, IconCopy, IconExternalLink, IconLock, IconPlus } from '@tabler/icons-react';
import type { CreatedPortal, OperatorPortalList } from '@vavilon/contracts';
import { DataList, type DataColumn } from '../../ui/data-list';
import { useState, type FormEvent } from 'react';
import { isApiError } from '../../api/client';
import { switchLanguage } from '../../i18n';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { formatDate } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { useDocumentTitle } from '../../ui/use-document-title';
import { FormError, useServerForm } from '../../ui/form-kit';
import { logout } from '../auth/api';
import { AuthLayout } from '../auth/AuthLayout';
import { SignInForm } from '../auth/SignInForm';
import { createPortal, operatorPortalsKey, operatorStatusKey, useOperatorPortals, useOperatorStatus } from './api';
import { useOperatorT } from './i18n';
import classes from './operator.module.css';

const EMPTY = { name: '', title: '', adminEmail: '' };

/** «Создать портал»: address, title and the administrator's e-mail; then the invitation link. */
function CreatePortalModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useOperatorT();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(EMPTY);
  const [created, setCreated] = useState<CreatedPortal | null>(null);
  const { errorOf, general, setErrors, fromError, clear } = useServerForm();
  const create = useMutation({ mutationFn: createPortal, meta: { silent: true } });

  const set = (key: keyof typeof EMPTY, value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    clear(key);
  };
  const close = () => {
    setForm(EMPTY);
    setCreated(null);
    clear();
    create.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const missing: Record<string, string> = {};
    for (const key of Object.keys(EMPTY) as (keyof typeof EMPTY)[]) if (!form[key].trim()) missing[key] = t('common.required', { ns: 'translation' });
    if (Object.keys(missing).length) {
      setErrors(missing);
      return;
    }
    create.mutate(form, {
      onSuccess: (res) => {
        setCreated(res);
        void queryClient.invalidateQueries({ queryKey: operatorPortalsKey });
      },
      onError: (err) => fromError(err),
    });
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? t('created.title', { title: created.portal.title }) : t('form.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close', { ns: 'translation' }) }}
    >
      {created ? (
        <Stack gap="md">
          <TextInput
            label={t('created.link')}
            value={created.inviteUrl}
            readOnly
            onFocus={(e) => e.currentTarget.select()}
            description={t('created.linkHint', { email: created.adminEmail })}
            inputWrapperOrder={['label', 'input', 'description']}
            rightSectionWidth={42}
            rightSection={
              <CopyButton value={created.inviteUrl}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? t('created.copied') : t('created.copy')} withArrow>
                    <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={t('created.copy')}>
                      {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            }
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" component="a" href={created.inviteUrl} leftSection={<IconExternalLink size={16} />}>
              {t('created.openLink')}
            </Button>
            <Button onClick={close}>{t('created.done')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <TextInput
              label={t('form.name')}
              description={t('form.nameHint')}
              placeholder={t('form.namePlaceholder')}
              value={form.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              error={errorOf('name')}
              required
              data-autofocus
              autoComplete="off"
              spellCheck={false}
            />
            {form.name.trim() && !errorOf('name') ? (
              <Text size="xs" c="dimmed" mt={-8}>
                {t('form.preview')}{' '}
                <Text span size="xs" ff="monospace" c="dark.6">
                  {`${window.location.origin}/p/${form.name.trim().toLowerCase()}/`}
                </Text>
              </Text>
            ) : null}
            <TextInput
              label={t('form.portalTitle')}
              placeholder={t('form.titlePlaceholder')}
              value={form.title}
              onChange={(e) => set('title', e.currentTarget.value)}
              error={errorOf('title')}
              required
            />
            <TextInput
              label={t('form.adminEmail')}
              description={t('form.adminEmailHint')}
              type="email"
              placeholder="admin@example.com"
              value={form.adminEmail}
              onChange={(e) => set('adminEmail', e.currentTarget.value)}
              error={errorOf('adminEmail')}
              required
              autoComplete="off"
            />
            <FormError message={general} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                {t('form.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending}>
                {t('form.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

type OperatorPortal = OperatorPortalList['portals'][number];

function PortalTable() {
  const { t } = useOperatorT();
  const portals = useOperatorPortals(true);
  const [creating, setCreating] = useState(false);
  const columns: DataColumn<OperatorPortal>[] = [
    {
      id: 'name',
      title: t('columns.name'),
      cell: (p) => (
        <Text size="sm" ff="monospace">
          {p.name}
        </Text>
      ),
    },
    {
      id: 'title',
      title: t('columns.title'),
      cell: (p) => (
        <Text size="sm" fw={500}>
          {p.title}
        </Text>
      ),
    },
    {
      id: 'members',
      title: t('columns.members'),
      cell: (p) => (
        <Text size="sm">
          {p.members}
          {p.invited ? (
            <Text span size="sm" c="dimmed">
              {' · '}
              {t('invited', { count: p.invited })}
            </Text>
          ) : null}
        </Text>
      ),
    },
    {
      id: 'created',
      title: t('columns.created'),
      cell: (p) => (
        <Text size="sm" c="dimmed">
          {formatDate(p.createdAt)}
        </Text>
      ),
    },
    {
      id: 'open',
      title: '',
      width: 1,
      cell: (p) => (
        <Anchor href={p.url} size="sm" style={{ whiteSpace: 'nowrap' }} aria-label={`${t('open')}: ${p.title}`}>
          {t('open')}
        </Anchor>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('title')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('create')}
          </Button>
        }
      />
      <DataList<OperatorPortal, string>
        label={t('title')}
        toolbar={
          <Text size="sm" c="dimmed">
            {t('hint')}
          </Text>
        }
        columns={columns}
        rows={portals.data?.portals}
        rowId={(p) => p.name}
        rowTitle={(p) => p.title}
        error={portals.isError ? portals.error : undefined}
        onRetry={() => void portals.refetch()}
        fetching={portals.isFetching}
        empty={<EmptyState icon={<IconBuildingSkyscraper size={30} />} title={t('empty')} description={t('emptyHint')} />}
        density="comfortable"
        scroll="page"
        skeletonRows={3}
      />
      <CreatePortalModal opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}

/** «Порталы» at the central address: the install's operator lists and creates portals. */
export default function PortalsPage() {
  const { t, i18n } = useOperatorT();
  const queryClient = useQueryClient();
  const status = useOperatorStatus();
  useDocumentTitle(t('title'), t('app.title', { ns: 'translation' }));

  const signOut = async () => {
    await logout().catch(() => undefined);
    queryClient.removeQueries({ queryKey: ['operator'] });
    await queryClient.resetQueries({ queryKey: operatorStatusKey });
  };

  if (status.isPending) {
    return (
      <AuthLayout title={t('title')}>
        <Stack gap="md">
          <Skeleton h={20} w="50%" />
          <Skeleton h={42} />
        </Stack>
      </AuthLayout>
    );
  }
  if (status.isError && isApiError(status.error) && status.error.status === 401) {
    return (
      <AuthLayout title={t('title')}>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('signIn')}
          </Text>
          <SignInForm info={{ portal: null, oidc: [] }} onSignedIn={() => queryClient.invalidateQueries({ queryKey: ['operator'] })} />
        </Stack>
      </AuthLayout>
    );
  }
  if (status.isError) {
    return (
      <AuthLayout title={t('title')}>
        <ErrorState error={status.error} onRetry={() => void status.refetch()} />
      </AuthLayout>
    );
  }
  if (!status.data.operator) {
    return (
      <AuthLayout title={t('title')}>
        <EmptyState
          icon={<IconLock size={30} />}
          title={t('denied')}
          description={
            <Stack gap={6} align="center">
              <span>{t('deniedHint')}</span>
              <Text size="xs" c="dimmed">
                {t('deniedHow')} <Code style={{ whiteSpace: 'nowrap' }}>npm run portal -- operator &lt;e-mail&gt;</Code>
              </Text>
            </Stack>
          }
          action={
            <Group gap="sm" justify="center">
              <Button component="a" href="/passport" variant="light">
                {t('toPassport')}
              </Button>
              <Button variant="subtle" onClick={() => void signOut()}>
                {t('logout')}
              </Button>
            </Group>
          }
        />
      </AuthLayout>
    );
  }

  return (
    <div className={classes.page}>
      <header className={classes.header}>
        <Group gap="sm" wrap="nowrap">
          <div className={classes.logo} aria-hidden="true">
            V
          </div>
          <div>
            <Title order={2} fz="md" fw={700} c="dark.7" lh={1.2}>
              {t('app.title', { ns: 'translation' })}
            </Title>
            <Text size="xs" c="dimmed" lh={1.2}>
              {t('subtitle')}
            </Text>
          </div>
        </Group>
        <Group gap="md" wrap="nowrap">
          <Anchor href="/passport" size="sm">
            {t('toPassport')}
          </Anchor>
          <Anchor component="button" type="button" size="sm" onClick={() => void switchLanguage(i18n.language === 'en' ? 'ru' : 'en')}>
            {i18n.language === 'en' ? 'Русский' : 'English'}
          </Anchor>
          <Button variant="default" size="xs" onClick={() => void signOut()}>
            {t('logout')}
          </Button>
        </Group>
      </header>
      <Container size="lg" py="xl" component="main">
        <PortalTable />
      </Container>
    </div>
  );
}
