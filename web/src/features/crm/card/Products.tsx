import { ActionIcon, Button, Group, Table, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { formatMoney, fromMinor } from '../format';
import { useCrmT } from '../i18n';
import { newProductKey, productSumMinor, productsTotal, type ProductDraft } from './model';
import type { Errors } from './fields';
import classes from '../crm.module.css';

/** Product rows of a deal: name, price, quantity, discount %, tax %; the deal's amount follows. */
export function Products({ value, currency, onChange, errors, clear, editing, onEdit, canEdit }: { value: ProductDraft[]; currency: string; onChange: (v: ProductDraft[]) => void; errors: Errors; clear: (p: string) => void; editing: boolean; onEdit: () => void; canEdit: boolean }) {
  const { t } = useCrmT();
  const set = (i: number, patch: Partial<ProductDraft>) => onChange(value.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const cell = (i: number, k: 'name' | 'price' | 'quantity' | 'discountPercent' | 'taxPercent', what: string, w?: number) => (
    <TextInput
      size="xs"
      aria-label={t('products.rowLabel', { what, n: i + 1 })}
      value={value[i]![k]}
      onChange={(e) => {
        set(i, { [k]: e.currentTarget.value });
        clear(`products.${i}.${k}`);
      }}
      error={errors[`products.${i}.${k}`]}
      inputMode={k === 'name' ? undefined : 'decimal'}
      w={w}
      styles={k === 'name' ? undefined : { input: { textAlign: 'right' } }}
    />
  );
  const add = () => {
    onEdit();
    onChange([...value, { key: newProductKey(), name: '', price: '', quantity: '1', discountPercent: '', taxPercent: '', taxIncluded: true }]);
  };
  return (
    <div>
      {value.length === 0 ? (
        <Text size="sm" c="dimmed" mb="xs">
          {t('products.empty')}
        </Text>
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <Table className={classes.productTable} fz="sm" verticalSpacing={4} horizontalSpacing={6} miw={560}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('products.name')}</Table.Th>
                <Table.Th ta="right" w={110}>{t('products.price')}</Table.Th>
                <Table.Th ta="right" w={70}>{t('products.quantity')}</Table.Th>
                <Table.Th ta="right" w={80}>{t('products.discount')}</Table.Th>
                <Table.Th ta="right" w={76}>{t('products.tax')}</Table.Th>
                <Table.Th ta="right" w={120}>{t('products.sum')}</Table.Th>
                {editing ? <Table.Th w={36} /> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {value.map((p, i) =>
                editing ? (
                  <Table.Tr key={p.key}>
                    <Table.Td>{cell(i, 'name', t('products.name'))}</Table.Td>
                    <Table.Td>{cell(i, 'price', t('products.price'))}</Table.Td>
                    <Table.Td>{cell(i, 'quantity', t('products.quantity'))}</Table.Td>
                    <Table.Td>{cell(i, 'discountPercent', t('products.discount'))}</Table.Td>
                    <Table.Td>{cell(i, 'taxPercent', t('products.tax'))}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {formatMoney(fromMinor(productSumMinor(p)), currency)}
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon variant="subtle" color="gray" aria-label={t('products.remove', { n: i + 1 })} onClick={() => onChange(value.filter((_, j) => j !== i))}>
                        <IconTrash size={15} />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ) : (
                  <Table.Tr key={p.key} onClick={canEdit ? onEdit : undefined} style={canEdit ? { cursor: 'text' } : undefined}>
                    <Table.Td>{p.name}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{formatMoney(p.price.replace(/\s/g, '').replace(',', '.') || '0', currency)}</Table.Td>
                    <Table.Td ta="right">{p.quantity}</Table.Td>
                    <Table.Td ta="right">{p.discountPercent || '0'}</Table.Td>
                    <Table.Td ta="right">{p.taxPercent || '0'}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{formatMoney(fromMinor(productSumMinor(p)), currency)}</Table.Td>
                  </Table.Tr>
                ),
              )}
            </Table.Tbody>
          </Table>
        </div>
      )}
      <Group justify="space-between" mt="xs">
        {canEdit ? (
          <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} />} onClick={add}>
            {t('products.add')}
          </Button>
        ) : (
          <span />
        )}
        {value.length ? (
          <Text size="sm" fw={600}>
            {t('products.total')}: {formatMoney(productsTotal(value), currency)}
          </Text>
        ) : null}
      </Group>
    </div>
  );
}
