import { ActionIcon, Button, Checkbox, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { formatMoney, fromMinor } from '../format';
import { useCrmT } from '../i18n';
import { newProductKey, productSums, productsSums, type ProductDraft } from './model';
import type { Errors } from './fields';
import classes from '../crm.module.css';

type NumberKey = 'price' | 'quantity' | 'discountPercent' | 'taxPercent';

/**
 * Product rows of a deal as Bitrix24 shows them: per row price, quantity, discount %, tax % and
 * «Налог включён»; under them «Сумма без налога», «Налог (НДС)» and «Итого», the deal's amount.
 * The sums come from the computation the server stores (contracts/deal-sums.ts).
 */
export function Products({
  value,
  currency,
  onChange,
  errors,
  clear,
  editing,
  onEdit,
  canEdit,
}: {
  value: ProductDraft[];
  currency: string;
  onChange: (v: ProductDraft[]) => void;
  errors: Errors;
  clear: (p: string) => void;
  editing: boolean;
  onEdit: () => void;
  canEdit: boolean;
}) {
  const { t } = useCrmT();
  const money = (minor: number) => formatMoney(fromMinor(minor), currency);
  const set = (i: number, patch: Partial<ProductDraft>) => onChange(value.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const input = (i: number, k: 'name' | NumberKey, what: string) => (
    <TextInput
      size="xs"
      label={what}
      aria-label={t('products.rowLabel', { what, n: i + 1 })}
      value={value[i]![k]}
      onChange={(e) => {
        set(i, { [k]: e.currentTarget.value });
        clear(`products.${i}.${k}`);
      }}
      error={errors[`products.${i}.${k}`]}
      inputMode={k === 'name' ? undefined : 'decimal'}
      styles={k === 'name' ? undefined : { input: { textAlign: 'right' } }}
    />
  );
  const add = () => {
    onEdit();
    onChange([...value, { key: newProductKey(), name: '', price: '', quantity: '1', discountPercent: '', taxPercent: '', taxIncluded: false }]);
  };
  const totals = productsSums(value);
  const percent = (v: string) => `${v || '0'} %`;
  return (
    <div>
      {value.length === 0 ? (
        <Text size="sm" c="dimmed" mb="xs">
          {t('products.empty')}
        </Text>
      ) : editing ? (
        <Stack gap="xs">
          {value.map((p, i) => {
            const sums = productSums(p);
            return (
              <div key={p.key} className={classes.productRow} role="group" aria-label={t('products.rowLabel', { what: t('products.title'), n: i + 1 })}>
                <Group gap="xs" align="flex-end" wrap="nowrap">
                  <div style={{ flex: 1, minWidth: 0 }}>{input(i, 'name', t('products.name'))}</div>
                  <ActionIcon variant="subtle" color="gray" mb={2} aria-label={t('products.remove', { n: i + 1 })} onClick={() => onChange(value.filter((_, j) => j !== i))}>
                    <IconTrash size={15} />
                  </ActionIcon>
                </Group>
                <div className={classes.productNumbers}>
                  {input(i, 'price', t('products.price'))}
                  {input(i, 'quantity', t('products.quantity'))}
                  {input(i, 'discountPercent', t('products.discount'))}
                  {input(i, 'taxPercent', t('products.tax'))}
                </div>
                <Group justify="space-between" align="flex-start" mt={6} gap="xs">
                  <Checkbox
                    size="xs"
                    label={t('products.taxIncluded')}
                    aria-label={t('products.rowLabel', { what: t('products.taxIncluded'), n: i + 1 })}
                    checked={p.taxIncluded}
                    onChange={(e) => set(i, { taxIncluded: e.currentTarget.checked })}
                  />
                  <div style={{ textAlign: 'right' }}>
                    <Text size="sm" fw={600} className={classes.productSum} aria-label={t('products.rowLabel', { what: t('products.sum'), n: i + 1 })}>
                      {money(sums.total)}
                    </Text>
                    {sums.tax ? (
                      <Text size="xs" c="dimmed">
                        {t('products.rowTax', { sum: money(sums.tax) })}
                      </Text>
                    ) : null}
                  </div>
                </Group>
              </div>
            );
          })}
        </Stack>
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <Table className={classes.productTable} fz="sm" verticalSpacing={4} horizontalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('products.name')}</Table.Th>
                <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {t('products.price')}
                </Table.Th>
                <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {t('products.quantity')}
                </Table.Th>
                <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {t('products.discount')}
                </Table.Th>
                <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {t('products.tax')}
                </Table.Th>
                <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {t('products.sum')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {value.map((p) => (
                <Table.Tr key={p.key} onClick={canEdit ? onEdit : undefined} style={canEdit ? { cursor: 'text' } : undefined}>
                  <Table.Td style={{ width: '100%' }}>{p.name}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {formatMoney(p.price.replace(/\s/g, '').replace(',', '.') || '0', currency)}
                  </Table.Td>
                  <Table.Td ta="right">{p.quantity}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {percent(p.discountPercent)}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {percent(p.taxPercent)}
                    {p.taxPercent && p.taxPercent !== '0' && p.taxIncluded ? (
                      <Text span size="xs" c="dimmed" display="block">
                        {t('products.taxIncluded').toLowerCase()}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {money(productSums(p).total)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      <Group justify="space-between" align="flex-start" mt="xs">
        {canEdit ? (
          <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} />} onClick={add}>
            {t('products.add')}
          </Button>
        ) : (
          <span />
        )}
        {value.length ? (
          <dl className={classes.productTotals} aria-label={t('products.total')}>
            {totals.discount ? (
              <>
                <dt>{t('products.discountSum')}</dt>
                <dd>{money(totals.discount)}</dd>
              </>
            ) : null}
            <dt>{t('products.net')}</dt>
            <dd>{money(totals.net)}</dd>
            <dt>{t('products.vat')}</dt>
            <dd>{money(totals.tax)}</dd>
            <dt className={classes.productGrand}>{t('products.total')}</dt>
            <dd className={classes.productGrand}>{money(totals.total)}</dd>
          </dl>
        ) : null}
      </Group>
    </div>
  );
}
