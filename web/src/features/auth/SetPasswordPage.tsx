import { Alert, Anchor, Button, Group, PasswordInput, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { UserAvatar } from '../../ui/UserAvatar';
import { useDocumentTitle } from '../../ui/use-document-title';
import { FormError, useServerForm } from '../../ui/form-kit';
import { fetchTokenInfo, setPassword, usePortalInfo } from './api';
import { enterPortal } from './after-sign-in';
import { AuthLayout } from './AuthLayout';
import { PortalList } from './PortalList';
import type { PortalRef } from '@vavilon/contracts';

/** Accepting an invitation or resetting a password from a link: a new password signs the user in. */
export default function SetPasswordPage({ mode }: { mode: 'invite' | 'reset' }) {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const info = usePortalInfo();
  const tokenInfo = useQuery({
    queryKey: ['token', token],
    queryFn: () => fetchTokenInfo(token),
    meta: { silent: true },
    staleTime: Infinity,
  });
  const [password, setPasswordValue] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [portals, setPortals] = useState<PortalRef[] | null>(null);
  const { errorOf, general, setErrors, fromError, clear } = useServerForm();
  const heading = mode === 'invite' ? t('auth.inviteTitle') : t('auth.resetTitle');
  useDocumentTitle(heading, info.data?.portal?.title ?? t('app.title'));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    clear();
    const joining = tokenInfo.data?.hasPassword ?? false;
    if (joining && !password) {
      setErrors({ password: t('auth.passwordRequired') });
      return;
    }
    if (!joining && password.length < 8) {
      setErrors({ password: t('auth.passwordTooShort') });
      return;
    }
    if (!joining && password !== repeat) {
      setErrors({ repeat: t('auth.passwordsDiffer') });
      return;
    }
    setBusy(true);
    try {
      const res = await setPassword({ token, password });
      if (!res.user) {
        setPortals(res.portals);
        return;
      }
      await enterPortal(queryClient, res);
      navigate('/', { replace: true });
    } catch (err) {
      fromError(err);
    } finally {
      setBusy(false);
    }
  };

  let body;
  if (tokenInfo.isPending) {
    body = (
      <Stack gap="md">
        <Skeleton h={22} w="60%" />
        <Skeleton h={42} />
        <Skeleton h={42} />
        <Skeleton h={42} />
      </Stack>
    );
  } else if (tokenInfo.isError) {
    body = (
      <Stack gap="md">
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={20} />} title={t('auth.linkInvalidTitle')}>
          {isApiError(tokenInfo.error) && tokenInfo.error.status !== 0 ? tokenInfo.error.message : t('auth.linkInvalid')}
        </Alert>
        <Button component={Link} to="/login" variant="default">
          {t('auth.backToSignIn')}
        </Button>
      </Stack>
    );
  } else if (portals) {
    body = <PortalList portals={portals} />;
  } else {
    const ti = tokenInfo.data;
    const [firstName = '', lastName = ''] = ti.name.split(' ');
    body = (
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Title order={2} fz="lg" fw={600}>
            {heading}
          </Title>
          <Group gap="sm" wrap="nowrap" px="sm" py={10} bg="gray.0" style={{ borderRadius: 8 }}>
            <UserAvatar user={{ id: ti.login.length, firstName, lastName, fullName: ti.name, photoUrl: null }} />
            <div style={{ minWidth: 0 }}>
              <Text fw={600} truncate>
                {ti.name}
              </Text>
              <Text size="sm" c="dimmed" truncate>
                {ti.login}
              </Text>
            </div>
          </Group>
          <Text size="sm" c="dimmed">
            {ti.hasPassword ? t('auth.inviteJoinHint') : mode === 'invite' ? t('auth.inviteHint') : t('auth.resetHint')}
          </Text>
          <input type="text" name="username" autoComplete="username" value={ti.login} readOnly hidden />
          {/* A Passport account joining one more portal confirms with its own password, which stays as it is. */}
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('auth.toggleVisibility') }}
            label={ti.hasPassword ? t('auth.currentPassword') : t('auth.newPassword')}
            description={ti.hasPassword ? undefined : t('auth.passwordRule')}
            value={password}
            onChange={(e) => {
              setPasswordValue(e.currentTarget.value);
              clear('password');
            }}
            error={errorOf('password')}
            aria-invalid={errorOf('password') ? true : undefined}
            autoComplete={ti.hasPassword ? 'current-password' : 'new-password'}
            autoFocus
            required
            size="md"
          />
          {ti.hasPassword ? null : (
            <PasswordInput
              visibilityToggleButtonProps={{ 'aria-label': t('auth.toggleVisibility') }}
              label={t('auth.repeatPassword')}
              value={repeat}
              onChange={(e) => {
                setRepeat(e.currentTarget.value);
                clear('repeat');
              }}
              error={errorOf('repeat')}
              aria-invalid={errorOf('repeat') ? true : undefined}
              autoComplete="new-password"
              required
              size="md"
            />
          )}
          <FormError message={general} />
          <Button type="submit" size="md" loading={busy} fullWidth>
            {t('common.save')}
          </Button>
          <Anchor component={Link} to="/login" size="sm" ta="center">
            {t('auth.backToSignIn')}
          </Anchor>
        </Stack>
      </form>
    );
  }

  return <AuthLayout title={info.data?.portal?.title ?? t('app.title')}>{body}</AuthLayout>;
}
