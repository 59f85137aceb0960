import { Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import type { Warehouse } from '@vavilon/contracts';
import { useEffect, useState } from 'react';
import { FormError, useServerForm } from '../../../ui/form-kit';
import { showSuccess } from '../../../ui/toasts';
import { useStoreMutations } from './api';
import { useStoreT } from './i18n';

/** Adds a warehouse or changes one: name, address, «Основной склад», «Активен». */
export function WarehouseDialog({ opened, warehouse, onClose }: { opened: boolean; warehouse: Warehouse | null; onClose: () => void }) {
  const { t } = useStoreT();
  const m = useStoreMutations();
  const form = useServerForm();
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [isDefault, setDefault] = useState(false);
  const [active, setActive] = useState(true);
  useEffect(() => {
    if (!opened) return;
    setName(warehouse?.name ?? '');
    setAddress(warehouse?.address ?? '');
    setDefault(warehouse?.isDefault ?? false);
    setActive(warehouse?.active ?? true);
    form.clear();
  }, [opened, warehouse]);
  const busy = m.createWarehouse.isPending || m.updateWarehouse.isPending;
  const save = async () => {
    try {
      const input = { name, address, isDefault, active };
      if (warehouse) await m.updateWarehouse.mutateAsync({ id: warehouse.id, ...input });
      else await m.createWarehouse.mutateAsync(input);
      showSuccess(t('warehouses.saved'));
      onClose();
    } catch (e) {
      form.fromError(e);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={warehouse ? t('warehouses.edit') : t('warehouses.add')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('warehouses.name')}
            required
            data-autofocus
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              form.clear('name');
            }}
            error={form.errorOf('name')}
          />
          <TextInput label={t('warehouses.address')} value={address} onChange={(e) => setAddress(e.currentTarget.value)} error={form.errorOf('address')} />
          <Checkbox label={t('warehouses.isDefault')} checked={isDefault} onChange={(e) => setDefault(e.currentTarget.checked)} />
          <Checkbox label={t('warehouses.active')} checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
          <FormError message={form.general} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('cancelButton')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('saveButton')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
