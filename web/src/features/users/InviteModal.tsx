import { Anchor, Button, Group, Modal, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { appHref } from '../../api/portal';
import { can, useSession } from '../auth/session';
import { showSuccess } from '../../ui/toasts';
import { FormError, useServerForm } from '../../ui/form-kit';
import { useInviteUser } from './api';
import { DepartmentSelect } from './DepartmentSelect';

const EMPTY = { login: '', firstName: '', lastName: '', position: '', departmentId: null as number | null };

/** «Пригласить»: an administrator invites an employee by e-mail or phone. */
export function InviteModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const invite = useInviteUser();
  const [form, setForm] = useState(EMPTY);
  const { errorOf, general, setErrors, fromError, clear } = useServerForm();

  const set = <K extends keyof typeof EMPTY>(key: K, value: (typeof EMPTY)[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    clear(key);
  };

  const close = () => {
    setForm(EMPTY);
    clear();
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (!form.login.trim()) missing.login = t('auth.loginRequired');
    if (!form.firstName.trim()) missing.firstName = t('common.required');
    if (!form.lastName.trim()) missing.lastName = t('common.required');
    if (Object.keys(missing).length) {
      setErrors(missing);
      return;
    }
    invite.mutate(
      { ...form, login: form.login.trim(), firstName: form.firstName.trim(), lastName: form.lastName.trim(), position: form.position.trim() },
      {
        onSuccess: (user) => {
          showSuccess(
            can(me, 'settings.mail-outbox') ? (
              <>
                {t('users.invitedText')} {/* Toasts render outside the router: a <Link> there would crash the whole app. */}
                <Anchor
                  href={appHref('/settings/mail-outbox')}
                  size="sm"
                  onClick={(e) => {
                    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
                    e.preventDefault();
                    navigate('/settings/mail-outbox');
                  }}
                >
                  {t('outbox.title')}
                </Anchor>
              </>
            ) : (
              t('users.invitedText')
            ),
            t('users.invited', { name: user.fullName }),
          );
          close();
        },
        onError: (err) => fromError(err),
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title={t('users.inviteTitle')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError message={general} />
          <TextInput
            label={t('users.fields.login')}
            description={t('users.fields.loginHint')}
            value={form.login}
            onChange={(e) => set('login', e.currentTarget.value)}
            error={errorOf('login')}
            required
            data-autofocus
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput label={t('users.fields.firstName')} value={form.firstName} onChange={(e) => set('firstName', e.currentTarget.value)} error={errorOf('firstName')} required />
            <TextInput label={t('users.fields.lastName')} value={form.lastName} onChange={(e) => set('lastName', e.currentTarget.value)} error={errorOf('lastName')} required />
          </SimpleGrid>
          <TextInput label={t('users.fields.position')} value={form.position} onChange={(e) => set('position', e.currentTarget.value)} error={errorOf('position')} />
          <DepartmentSelect label={t('users.fields.department')} value={form.departmentId} onChange={(id) => set('departmentId', id)} error={errorOf('departmentId')} />
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={close} disabled={invite.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={invite.isPending}>
              {t('users.sendInvite')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
