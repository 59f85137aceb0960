import { Alert, Anchor, Button, Divider, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconArrowLeft, IconKey, IconMailCheck } from '@tabler/icons-react';
import type { LoginResponse, PortalInfo } from '@vavilon/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { portalQuery } from '../../api/portal';
import { useServerForm } from '../../ui/form-kit';
import { forgotPassword, login } from './api';

type Step = 'login' | 'password' | 'forgot' | 'forgot-sent';

/**
 * Sign-in in two steps (login → «Далее» → password → «Далее»), with «Забыли пароль?»
 * and the portal's external providers. Calls onSignedIn with the server's answer.
 */
export function SignInForm({ info, onSignedIn }: { info: PortalInfo | undefined; onSignedIn: (res: LoginResponse) => Promise<void> | void }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>('login');
  const [loginValue, setLoginValue] = useState('');
  const [password, setPasswordValue] = useState('');
  const form = useServerForm();
  const setLoginError = (message: string | null) => (message ? form.setErrors({ login: message }) : form.clear('login'));
  const setPasswordError = (message: string | null) => (message ? form.setErrors({ password: message }) : form.clear('password'));
  const [busy, setBusy] = useState(false);

  const submitLogin = (e: FormEvent) => {
    e.preventDefault();
    if (!loginValue.trim()) {
      setLoginError(t('auth.loginRequired'));
      return;
    }
    setLoginError(null);
    setStep('password');
  };

  const submitPassword = async (e: FormEvent) => {
    e.preventDefault();
    if (!password) {
      setPasswordError(t('auth.passwordRequired'));
      return;
    }
    setBusy(true);
    setPasswordError(null);
    try {
      const res = await login({ login: loginValue.trim(), password });
      await onSignedIn(res);
    } catch (err) {
      form.fromError(err, { generalAt: 'password' });
      setPasswordValue('');
    } finally {
      setBusy(false);
    }
  };

  const submitForgot = async (e: FormEvent) => {
    e.preventDefault();
    if (!loginValue.trim()) {
      setLoginError(t('auth.loginRequired'));
      return;
    }
    setBusy(true);
    setLoginError(null);
    try {
      await forgotPassword(loginValue.trim());
      setStep('forgot-sent');
    } catch (err) {
      form.fromError(err, { generalAt: 'login' });
    } finally {
      setBusy(false);
    }
  };

  const backToLogin = () => {
    setStep('login');
    setPasswordValue('');
    setPasswordError(null);
  };

  if (step === 'forgot-sent') {
    return (
      <Stack gap="md">
        <Alert color="teal" variant="light" icon={<IconMailCheck size={20} />} title={t('auth.forgotSentTitle')}>
          {t('auth.forgotSent')}
        </Alert>
        <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={backToLogin}>
          {t('auth.backToSignIn')}
        </Button>
      </Stack>
    );
  }

  if (step === 'forgot') {
    return (
      <form onSubmit={submitForgot} noValidate>
        <Stack gap="md">
          <div>
            <Title order={2} fz="lg" fw={600}>
              {t('auth.forgotTitle')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('auth.forgotHint')}
            </Text>
          </div>
          <TextInput
            label={t('auth.login')}
            value={loginValue}
            onChange={(e) => {
              setLoginValue(e.currentTarget.value);
              setLoginError(null);
            }}
            error={form.errorOf('login')}
            autoComplete="username"
            autoFocus
            size="md"
          />
          <Button type="submit" size="md" loading={busy} fullWidth>
            {t('auth.sendLink')}
          </Button>
          <Anchor component="button" type="button" size="sm" onClick={backToLogin} ta="center">
            {t('auth.backToSignIn')}
          </Anchor>
        </Stack>
      </form>
    );
  }

  if (step === 'password') {
    return (
      <form onSubmit={submitPassword} noValidate>
        <Stack gap="md">
          <Title order={2} fz="lg" fw={600}>
            {t('auth.signInTitle')}
          </Title>
          <Group justify="space-between" wrap="nowrap" gap="xs" px="sm" py={8} bg="gray.0" style={{ borderRadius: 8 }}>
            <Text size="sm" fw={500} truncate data-testid="login-value">
              {loginValue.trim()}
            </Text>
            <Anchor component="button" type="button" size="sm" onClick={backToLogin} aria-label={t('auth.changeLogin')}>
              {t('auth.change')}
            </Anchor>
          </Group>
          {/* Lets password managers pair the password with the login. */}
          <input type="text" name="username" autoComplete="username" value={loginValue} readOnly hidden />
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('auth.toggleVisibility') }}
            label={t('auth.password')}
            value={password}
            onChange={(e) => {
              setPasswordValue(e.currentTarget.value);
              setPasswordError(null);
            }}
            error={form.errorOf('password')}
            // Mantine's PasswordInput marks its error for the eye only (data-invalid).
            aria-invalid={form.errors.password ? true : undefined}
            autoComplete="current-password"
            autoFocus
            size="md"
          />
          <Button type="submit" size="md" loading={busy} fullWidth>
            {t('auth.next')}
          </Button>
          <Anchor
            component="button"
            type="button"
            size="sm"
            ta="center"
            onClick={() => {
              setPasswordError(null);
              setStep('forgot');
            }}
          >
            {t('auth.forgot')}
          </Anchor>
        </Stack>
      </form>
    );
  }

  const providers = info?.oidc ?? [];
  return (
    <Stack gap="md">
      <form onSubmit={submitLogin} noValidate>
        <Stack gap="md">
          <Title order={2} fz="lg" fw={600}>
            {t('auth.signInTitle')}
          </Title>
          <TextInput
            label={t('auth.login')}
            value={loginValue}
            onChange={(e) => {
              setLoginValue(e.currentTarget.value);
              setLoginError(null);
            }}
            error={form.errorOf('login')}
            autoComplete="username"
            inputMode="email"
            autoFocus
            size="md"
          />
          <Button type="submit" size="md" fullWidth>
            {t('auth.next')}
          </Button>
          <Anchor component="button" type="button" size="sm" ta="center" onClick={() => setStep('forgot')}>
            {t('auth.forgot')}
          </Anchor>
        </Stack>
      </form>
      {providers.length > 0 ? (
        <>
          <Divider label={t('auth.or')} labelPosition="center" />
          <Stack gap="xs">
            {providers.map((p) => (
              <Button key={p.id} component="a" href={`/api/auth/oidc/${p.id}/start${portalQuery()}`} variant="default" size="md" leftSection={<IconKey size={18} />} fullWidth>
                {t('auth.signInWith', { label: p.label })}
              </Button>
            ))}
          </Stack>
        </>
      ) : null}
    </Stack>
  );
}
