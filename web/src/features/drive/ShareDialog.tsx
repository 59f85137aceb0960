import { ActionIcon, Button, Group, Modal, SegmentedControl, Select, Skeleton, Stack, Text } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { DriveItem, DriveRight, DriveShare } from '@vavilon/contracts';
import { useState } from 'react';
import { UserPicker, type PickedUser } from '../../ui/fields';
import { ErrorState } from '../../ui/ErrorState';
import { showError, showSuccess } from '../../ui/toasts';
import { useGroups } from '../groups/api';
import { useDepartments } from '../users/api';
import { useDriveWrites, useShares } from './api';
import { useDriveT } from './i18n';

type SubjectType = DriveShare['type'];

/** «Доступ»: who else may open the item, with which right (employees, departments, groups). */
export function ShareDialog({ item, onClose }: { item: DriveItem; onClose: () => void }) {
  const { t } = useDriveT();
  const q = useShares(item.id);
  const writes = useDriveWrites();
  const departments = useDepartments();
  const groups = useGroups({ filter: 'all' });
  const [draft, setDraft] = useState<DriveShare[] | null>(null);
  const [type, setType] = useState<SubjectType>('user');
  const [user, setUser] = useState<PickedUser | null>(null);
  const [other, setOther] = useState<string | null>(null);
  const [right, setRight] = useState<DriveRight>('read');
  const [busy, setBusy] = useState(false);
  const list = draft ?? q.data?.items ?? [];
  const rights = (['read', 'edit', 'full'] as DriveRight[]).map((r) => ({ value: r, label: t(`right.${r}`) }));

  const add = () => {
    let subject: { id: number; name: string } | null = null;
    if (type === 'user' && user) subject = { id: user.id, name: user.fullName };
    if (type === 'department' && other) subject = { id: Number(other), name: departments.data?.find((d) => d.id === Number(other))?.name ?? '' };
    if (type === 'group' && other) subject = { id: Number(other), name: groups.data?.items.find((g) => g.id === Number(other))?.name ?? '' };
    if (!subject) return;
    const rest = list.filter((s) => !(s.type === type && s.id === subject.id && !s.inherited));
    setDraft([...rest, { type, id: subject.id, name: subject.name, right, inherited: false }]);
    setUser(null);
    setOther(null);
  };
  const save = async () => {
    setBusy(true);
    try {
      await writes.setShares(item.id, { shares: list.filter((s) => !s.inherited).map((s) => ({ type: s.type, id: s.id, right: s.right })) });
      showSuccess(t('sharesSaved'));
      onClose();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const picked = type === 'user' ? !!user : !!other;

  return (
    <Modal closeButtonProps={{ 'aria-label': t('close') }} opened onClose={onClose} title={t('accessTitle', { name: item.name })} size="lg">
      {q.error ? <ErrorState error={q.error} /> : null}
      {!q.data && !q.error ? <Skeleton h={160} /> : null}
      {q.data ? (
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('owner')}: {q.data.owner.name}
          </Text>
          <Stack gap="xs" role="list" aria-label={t('access')}>
            {list.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('noShares')}
              </Text>
            ) : null}
            {list.map((s) => (
              <Group key={`${s.type}-${s.id}-${s.inherited}`} role="listitem" justify="space-between" wrap="nowrap" gap="sm">
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" truncate>
                    {s.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t(`subject.${s.type}`)}
                    {s.inherited ? ` · ${t('inherited')}` : ''}
                  </Text>
                </div>
                <Group gap="xs" wrap="nowrap">
                  <Select
                    size="xs"
                    w={170}
                    data={rights}
                    value={s.right}
                    disabled={s.inherited}
                    allowDeselect={false}
                    aria-label={t('rightLabel', { name: s.name })}
                    onChange={(v) => v && setDraft(list.map((x) => (x === s ? { ...x, right: v as DriveRight } : x)))}
                  />
                  <ActionIcon variant="subtle" color="gray" disabled={s.inherited} aria-label={t('removeShare', { name: s.name })} onClick={() => setDraft(list.filter((x) => x !== s))}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              </Group>
            ))}
          </Stack>
          <Stack gap="xs" p="sm" bg="gray.0" style={{ borderRadius: 8 }}>
            <Text size="sm" fw={600}>
              {t('addPeople')}
            </Text>
            <SegmentedControl
              size="xs"
              value={type}
              onChange={(v) => {
                setType(v as SubjectType);
                setOther(null);
              }}
              data={(['user', 'department', 'group'] as SubjectType[]).map((v) => ({ value: v, label: t(`subject.${v}`) }))}
            />
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <div style={{ flex: 1 }}>
                {type === 'user' ? (
                  <UserPicker label={t('employee')} value={user} onChange={setUser} comboboxProps={{ zIndex: 1000 }} />
                ) : (
                  <Select
                    label={type === 'department' ? t('department') : t('group')}
                    searchable
                    data={(type === 'department' ? (departments.data ?? []) : (groups.data?.items ?? [])).map((d) => ({ value: String(d.id), label: d.name }))}
                    value={other}
                    onChange={setOther}
                    comboboxProps={{ zIndex: 1000 }}
                  />
                )}
              </div>
              <Select
                w={170}
                label={t('rightLabel', { name: '' }).replace(/:\s*$/, '')}
                data={rights}
                value={right}
                allowDeselect={false}
                onChange={(v) => v && setRight(v as DriveRight)}
                comboboxProps={{ zIndex: 1000 }}
              />
              <Button variant="light" onClick={add} disabled={!picked}>
                {t('add')}
              </Button>
            </Group>
          </Stack>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('cancel')}
            </Button>
            <Button onClick={() => void save()} loading={busy}>
              {t('save')}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
