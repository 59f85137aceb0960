import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import type { Department } from '@vavilon/contracts';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { showSuccess } from '../../ui/toasts';
import { FormError, useServerForm } from '../../ui/form-kit';
import { useCreateDepartment, useUpdateDepartment, type DepartmentNode } from './api';
import { DepartmentSelect } from './DepartmentSelect';
import { UserPicker, type PickedUser } from '../../ui/fields';

export type DepartmentModalState = { mode: 'create'; parentId: number | null } | { mode: 'edit'; department: DepartmentNode } | null;

function descendantsOf(node: DepartmentNode): Set<number> {
  const ids = new Set<number>([node.id]);
  const walk = (n: DepartmentNode) => n.children.forEach((c) => (ids.add(c.id), walk(c)));
  walk(node);
  return ids;
}

/** «Добавить отдел» and editing a department: name, parent, head. */
export function DepartmentModal({ state, onClose }: { state: DepartmentModalState; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateDepartment();
  const update = useUpdateDepartment();
  const [name, setName] = useState('');
  const [parentId, setParentId] = useState<number | null>(null);
  const [head, setHead] = useState<PickedUser | null>(null);
  const { errorOf, general, setErrors, fromError, clear } = useServerForm();

  useEffect(() => {
    if (!state) return;
    clear();
    if (state.mode === 'create') {
      setName('');
      setParentId(state.parentId);
      setHead(null);
    } else {
      setName(state.department.name);
      setParentId(state.department.parentId);
      setHead(state.department.head);
    }
  }, [state, clear]);

  const exclude = useMemo(() => (state?.mode === 'edit' ? descendantsOf(state.department) : undefined), [state]);
  const pending = create.isPending || update.isPending;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!state) return;
    if (!name.trim()) {
      setErrors({ name: t('common.required') });
      return;
    }
    const done = (d: Department) => {
      showSuccess(state.mode === 'create' ? t('structure.created', { name: d.name ?? name }) : t('structure.saved'));
      onClose();
    };
    if (state.mode === 'create') {
      create.mutate({ name: name.trim(), parentId, headId: head?.id ?? null }, { onSuccess: done, onError: (err) => fromError(err) });
    } else {
      update.mutate({ id: state.department.id, version: state.department.version, name: name.trim(), parentId, headId: head?.id ?? null }, { onSuccess: done, onError: (err) => fromError(err) });
    }
  };

  return (
    <Modal opened={state !== null} onClose={onClose} title={state?.mode === 'edit' ? t('structure.editTitle') : t('structure.add')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError message={general} />
          <TextInput
            label={t('structure.fields.name')}
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              clear('name');
            }}
            error={errorOf('name')}
            required
            data-autofocus
          />
          <DepartmentSelect
            label={t('structure.fields.parent')}
            placeholder={t('structure.noParent')}
            value={parentId}
            onChange={(id) => {
              setParentId(id);
              clear('parentId');
            }}
            exclude={exclude}
            error={errorOf('parentId')}
          />
          <UserPicker
            label={t('structure.fields.head')}
            value={head}
            onChange={(u) => {
              setHead(u);
              clear('headId');
            }}
            error={errorOf('headId')}
          />
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={onClose} disabled={pending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={pending}>
              {state?.mode === 'edit' ? t('common.save') : t('structure.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
