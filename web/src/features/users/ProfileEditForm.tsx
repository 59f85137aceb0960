import { ActionIcon, Button, Card, Divider, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { UserProfile } from '@vavilon/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SaveBar } from '../../ui/record-card/SaveBar';
import { UserAvatar } from '../../ui/UserAvatar';
import { showSuccess } from '../../ui/toasts';
import { FormError, useServerForm } from '../../ui/form-kit';
import { useUpdateUser, type UserUpdate } from './api';
import { useSession } from '../auth/session';
import { DepartmentSelect } from './DepartmentSelect';
import { UserPicker, type PickedUser } from '../../ui/fields';

type Contact = { type: 'work' | 'mobile' | 'home' | 'other'; value: string };
const TYPES: Contact['type'][] = ['work', 'mobile', 'home', 'other'];

function ContactList({
  kind,
  items,
  onChange,
  errorOf,
  clear,
}: {
  kind: 'phones' | 'emails';
  items: Contact[];
  onChange: (items: Contact[]) => void;
  errorOf: (field: string) => string | undefined;
  clear: (field: string) => void;
}) {
  const { t } = useTranslation();
  const typeData = TYPES.map((v) => ({ value: v, label: t(`profile.types.${v}`) }));
  const valueLabel = kind === 'phones' ? t('profile.phone') : t('profile.email');
  return (
    <Stack gap="xs">
      {items.map((c, i) => (
        <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
          <Select
            aria-label={t('profile.contactType', { n: i + 1, what: valueLabel })}
            data={typeData}
            value={c.type}
            onChange={(v) => onChange(items.map((x, j) => (j === i ? { ...x, type: (v as Contact['type']) ?? 'work' } : x)))}
            allowDeselect={false}
            w={150}
          />
          <TextInput
            aria-label={`${valueLabel} ${i + 1}`}
            value={c.value}
            type={kind === 'emails' ? 'email' : 'tel'}
            placeholder={kind === 'phones' ? '+7 900 000-00-01' : 'name@example.com'}
            onChange={(e) => {
              const value = e.currentTarget.value;
              onChange(items.map((x, j) => (j === i ? { ...x, value } : x)));
              clear(`${kind}.${i}.value`);
            }}
            error={errorOf(`${kind}.${i}.value`) ?? errorOf(`${kind}.${i}`)}
            style={{ flex: 1 }}
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            size={36}
            aria-label={kind === 'phones' ? t('profile.removePhone') : t('profile.removeEmail')}
            onClick={() => onChange(items.filter((_, j) => j !== i))}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      {errorOf(kind) ? (
        <Text size="xs" c="red">
          {errorOf(kind)}
        </Text>
      ) : null}
      <Button
        variant="subtle"
        size="compact-sm"
        leftSection={<IconPlus size={14} />}
        onClick={() => onChange([...items, { type: kind === 'phones' ? 'mobile' : 'work', value: '' }])}
        style={{ alignSelf: 'flex-start' }}
      >
        {kind === 'phones' ? t('profile.addPhone') : t('profile.addEmail')}
      </Button>
    </Stack>
  );
}

/** The profile form: labels above fields, errors under them, the save bar at the bottom. */
export function ProfileEditForm({ profile, onDone }: { profile: UserProfile; onDone: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateUser(profile.id);
  // Position, department and manager are an administrator's to change.
  const readOnlyWork = useSession().user.role !== 'admin';
  const { errorOf, general, setErrors, fromError, clear } = useServerForm();
  const [lastName, setLastName] = useState(profile.lastName);
  const [firstName, setFirstName] = useState(profile.firstName);
  const [middleName, setMiddleName] = useState(profile.middleName);
  const [position, setPosition] = useState(profile.position);
  const [departmentId, setDepartmentId] = useState<number | null>(profile.departmentId);
  const [manager, setManager] = useState<PickedUser | null>(profile.manager);
  const [phones, setPhones] = useState<Contact[]>(profile.phones);
  const [emails, setEmails] = useState<Contact[]>(profile.emails);
  const [photoUrl, setPhotoUrl] = useState<string | null>(profile.photoUrl);
  const [timeZone, setTimeZone] = useState(profile.timeZone);
  const [role, setRole] = useState(profile.role);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (!lastName.trim()) missing.lastName = t('common.required');
    if (!firstName.trim()) missing.firstName = t('common.required');
    if (Object.keys(missing).length) {
      setErrors(missing);
      return;
    }
    const next: Omit<UserUpdate, 'version'> = {
      lastName: lastName.trim(),
      firstName: firstName.trim(),
      middleName: middleName.trim(),
      position: position.trim(),
      departmentId,
      managerId: manager?.id ?? null,
      phones: phones.filter((p) => p.value.trim()).map((p) => ({ ...p, value: p.value.trim() })),
      emails: emails.filter((p) => p.value.trim()).map((p) => ({ ...p, value: p.value.trim() })),
      timeZone: timeZone.trim() || profile.timeZone,
    };
    const was: Record<string, unknown> = { ...profile, managerId: profile.manager?.id ?? null };
    // Only what changed: an employee may not send the fields only an administrator edits (position, department, manager).
    const body: UserUpdate = { version: profile.version };
    for (const [key, value] of Object.entries(next)) {
      if (JSON.stringify(value) !== JSON.stringify(was[key])) (body as Record<string, unknown>)[key] = value;
    }
    if (profile.abilities.changeRole && role !== profile.role) body.role = role;
    // The photo is uploaded from the profile (with its crop); here it can only be removed.
    if (photoUrl === null && profile.photoUrl !== null) body.photoUrl = null;
    update.mutate(body, {
      onSuccess: () => {
        showSuccess(t('profile.saved'));
        onDone();
      },
      onError: (err) => fromError(err),
    });
  };

  const field = (name: string) => ({ error: errorOf(name), onInput: () => clear(name) });

  return (
    <Card>
      <form onSubmit={submit} noValidate>
        <Stack gap="lg">
          <FormError message={general} />
          <section>
            <Title order={2} fz="md" fw={600} mb="sm">
              {t('profile.main')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
              <TextInput label={t('users.fields.lastName')} value={lastName} onChange={(e) => setLastName(e.currentTarget.value)} required {...field('lastName')} />
              <TextInput label={t('users.fields.firstName')} value={firstName} onChange={(e) => setFirstName(e.currentTarget.value)} required {...field('firstName')} />
              <TextInput label={t('users.fields.middleName')} value={middleName} onChange={(e) => setMiddleName(e.currentTarget.value)} {...field('middleName')} />
            </SimpleGrid>
          </section>

          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput label={t('users.fields.position')} value={position} onChange={(e) => setPosition(e.currentTarget.value)} disabled={readOnlyWork} {...field('position')} />
            <DepartmentSelect
              label={t('users.fields.department')}
              value={departmentId}
              disabled={readOnlyWork}
              onChange={(id) => {
                setDepartmentId(id);
                clear('departmentId');
              }}
              error={errorOf('departmentId')}
            />
            <UserPicker
              label={t('profile.manager')}
              value={manager}
              excludeId={profile.id}
              disabled={readOnlyWork}
              onChange={(u) => {
                setManager(u);
                clear('managerId');
              }}
              error={errorOf('managerId')}
            />
            <TextInput label={t('profile.timeZone')} value={timeZone} onChange={(e) => setTimeZone(e.currentTarget.value)} placeholder="Europe/Moscow" {...field('timeZone')} />
            <div>
              <Text size="sm" fw={500} mb={6}>
                {t('profile.photo.title')}
              </Text>
              <Group gap="sm" wrap="nowrap">
                <UserAvatar user={{ ...profile, photoUrl }} size={44} />
                {photoUrl ? (
                  <Button variant="subtle" color="red" size="compact-sm" leftSection={<IconTrash size={14} />} onClick={() => setPhotoUrl(null)}>
                    {t('profile.photo.remove')}
                  </Button>
                ) : (
                  <Text size="xs" c="dimmed">
                    {t('profile.photo.changeHint')}
                  </Text>
                )}
              </Group>
              {errorOf('photoUrl') ? (
                <Text size="xs" c="red" mt={4}>
                  {errorOf('photoUrl')}
                </Text>
              ) : null}
            </div>
            {profile.abilities.changeRole ? (
              <Select
                label={t('profile.role')}
                data={[
                  { value: 'employee', label: t('users.roles.employee') },
                  { value: 'admin', label: t('users.roles.admin') },
                ]}
                value={role}
                onChange={(v) => {
                  setRole((v as 'admin' | 'employee') ?? 'employee');
                  clear('role');
                }}
                allowDeselect={false}
                error={errorOf('role')}
              />
            ) : null}
          </SimpleGrid>

          <Divider />
          <section>
            <Title order={2} fz="md" fw={600} mb="sm">
              {t('profile.contacts')}
            </Title>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
              <div>
                <Text size="sm" fw={500} mb={6}>
                  {t('profile.phones')}
                </Text>
                <ContactList kind="phones" items={phones} onChange={setPhones} errorOf={errorOf} clear={clear} />
              </div>
              <div>
                <Text size="sm" fw={500} mb={6}>
                  {t('profile.emails')}
                </Text>
                <ContactList kind="emails" items={emails} onChange={setEmails} errorOf={errorOf} clear={clear} />
              </div>
            </SimpleGrid>
          </section>
        </Stack>
        <SaveBar saving={update.isPending} onCancel={onDone} />
      </form>
    </Card>
  );
}
