import { Avatar, Button, FileButton, Group as Row, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import type { Group, GroupKind, GroupVisibility } from '@vavilon/contracts';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { isApiError, withQuery } from '../../api/client';
import { portalHeaderValue } from '../../api/portal';
import { DateInput, UserPicker, UsersPicker, type PickedUser } from '../../ui/fields';
import { FormError, useServerForm } from '../../ui/form-kit';
import { showSuccess } from '../../ui/toasts';
import { useSession } from '../auth/session';
import { uploadAvatar, useGroupWrites } from './api';
import { KIND_ICONS } from './GroupAvatar';
import { useGroupsT } from './i18n';

const KINDS: GroupKind[] = ['group', 'project', 'scrum'];
const VISIBILITIES: GroupVisibility[] = ['open', 'closed', 'secret'];

/** «Создать» and «Изменить»: the group's card in a dialog, checked here and on the server. */
export function GroupForm({ opened, onClose, group }: { opened: boolean; onClose: () => void; group?: Group }) {
  return (
    <Modal opened={opened} onClose={onClose} size="lg" title={<GroupFormTitle edit={!!group} />} centered>
      {opened ? <GroupFormBody group={group} onClose={onClose} /> : null}
    </Modal>
  );
}

function GroupFormTitle({ edit }: { edit: boolean }) {
  const { t } = useGroupsT();
  return (
    <Text fw={600} fz="lg">
      {edit ? t('form.editTitle') : t('form.createTitle')}
    </Text>
  );
}

function GroupFormBody({ group, onClose }: { group?: Group; onClose: () => void }) {
  const { t } = useGroupsT();
  const me = useSession();
  const navigate = useNavigate();
  const writes = useGroupWrites();
  const form = useServerForm();
  const [name, setName] = useState(group?.name ?? '');
  const [description, setDescription] = useState(group?.description ?? '');
  const [kind, setKind] = useState<GroupKind>(group?.kind ?? 'group');
  const [visibility, setVisibility] = useState<GroupVisibility>(group?.visibility ?? 'open');
  const [dateStart, setDateStart] = useState(group?.dateStart ?? '');
  const [dateEnd, setDateEnd] = useState(group?.dateEnd ?? '');
  const [owner, setOwner] = useState<PickedUser | null>(group ? null : { id: me.user.id, fullName: me.user.fullName, photoUrl: me.user.photoUrl });
  const [moderators, setModerators] = useState<PickedUser[]>([]);
  const [members, setMembers] = useState<PickedUser[]>([]);
  const [avatar, setAvatar] = useState<{ id: number; url: string } | null>(group?.avatarFileId ? { id: group.avatarFileId, url: group.avatarUrl! } : null);
  const [uploading, setUploading] = useState(false);
  const busy = writes.create.isPending || writes.update.isPending || uploading;
  const withDates = kind !== 'group';

  const pickAvatar = async (file: File | null) => {
    if (!file) return;
    setUploading(true);
    form.clear('avatarFileId');
    try {
      const info = await uploadAvatar(file);
      setAvatar({ id: info.id, url: `/api/files/${info.id}` });
    } catch (e) {
      form.fromError(e);
    } finally {
      setUploading(false);
    }
  };

  const submit = async () => {
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = t('form.nameRequired');
    if (withDates && dateStart && dateEnd && dateEnd < dateStart) local.dateEnd = t('form.datesOrder');
    if (Object.keys(local).length) return form.setErrors(local);
    const common = {
      name: name.trim(),
      description,
      kind,
      visibility,
      dateStart: withDates ? dateStart || null : null,
      dateEnd: withDates ? dateEnd || null : null,
      avatarFileId: avatar?.id ?? null,
    };
    try {
      if (group) {
        await writes.update.mutateAsync({ id: group.id, patch: { ...common, version: group.version } });
        showSuccess(t('form.saved'));
        onClose();
      } else {
        const created = await writes.create.mutateAsync({
          ...common,
          ...(owner ? { ownerId: owner.id } : {}),
          moderatorIds: moderators.map((u) => u.id),
          memberIds: members.map((u) => u.id),
        });
        showSuccess(t('form.created', { name: created.name }));
        onClose();
        void navigate(`/groups/${created.id}`);
      }
    } catch (e) {
      if (isApiError(e) && e.status === 409) form.setGeneral(t('form.conflict'));
      else form.fromError(e);
    }
  };

  const avatarSrc = avatar ? withQuery(avatar.url, { portal: portalHeaderValue() }) : undefined;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      noValidate
    >
      <Stack gap="md">
        <FormError message={form.general} />
        <TextInput
          label={t('form.name')}
          required
          data-autofocus
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            form.clear('name');
          }}
          error={form.errorOf('name')}
          maxLength={255}
        />
        <Textarea label={t('form.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} maxRows={6} error={form.errorOf('description')} />
        <Row grow align="flex-start">
          <Select
            label={t('form.kind')}
            data={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            value={kind}
            onChange={(v) => v && setKind(v as GroupKind)}
            allowDeselect={false}
            error={form.errorOf('kind')}
            renderOption={({ option }) => {
              const Icon = KIND_ICONS[option.value as GroupKind];
              return (
                <Row gap="xs">
                  <Icon size={16} />
                  {option.label}
                </Row>
              );
            }}
          />
          <Select
            label={t('form.visibility')}
            data={VISIBILITIES.map((v) => ({ value: v, label: t(`visibility.${v}`) }))}
            value={visibility}
            onChange={(v) => v && setVisibility(v as GroupVisibility)}
            allowDeselect={false}
            description={t(`visibilityHint.${visibility}`)}
            error={form.errorOf('visibility')}
          />
        </Row>
        {withDates ? (
          <Row grow align="flex-start">
            <DateInput label={t('form.dateStart')} value={dateStart} onChange={setDateStart} error={form.errorOf('dateStart')} />
            <DateInput
              label={t('form.dateEnd')}
              value={dateEnd}
              onChange={(v) => {
                setDateEnd(v);
                form.clear('dateEnd');
              }}
              error={form.errorOf('dateEnd')}
            />
          </Row>
        ) : null}
        {!group ? (
          <>
            <UserPicker label={t('form.owner')} value={owner} onChange={setOwner} error={form.errorOf('ownerId')} />
            <UsersPicker label={t('form.moderators')} value={moderators} onChange={setModerators} error={form.errorOf('moderatorIds')} />
            <UsersPicker label={t('form.members')} value={members} onChange={setMembers} error={form.errorOf('memberIds')} />
          </>
        ) : null}
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('form.avatar')}
          </Text>
          <Row gap="sm">
            <Avatar src={avatarSrc} size={48} radius="md" alt={t('form.avatar')} />
            <FileButton onChange={(f) => void pickAvatar(f)} accept="image/png,image/jpeg,image/gif,image/webp">
              {(props) => (
                <Button variant="default" size="xs" loading={uploading} {...props}>
                  {t('form.avatarPick')}
                </Button>
              )}
            </FileButton>
            {avatar ? (
              <Button variant="subtle" color="gray" size="xs" onClick={() => setAvatar(null)}>
                {t('form.avatarRemove')}
              </Button>
            ) : null}
          </Row>
          {form.errorOf('avatarFileId') || form.errorOf('file') ? (
            <Text c="red" size="xs" mt={4}>
              {form.errorOf('avatarFileId') ?? form.errorOf('file')}
            </Text>
          ) : null}
        </div>
        <Row justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('form.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {group ? t('form.save') : t('create')}
          </Button>
        </Row>
      </Stack>
    </form>
  );
}
