import { ActionIcon, Autocomplete, Badge, Button, Checkbox, Group, Stack, Table, Text, TextInput, Tooltip, UnstyledButton } from '@mantine/core';
import { IconCalculator, IconPlus, IconTrash } from '@tabler/icons-react';
import { PRODUCT_UNITS } from '@vavilon/contracts';
import { currencySymbol, formatMoney, fromMinor } from '../format';
import { useCrmT } from '../i18n';
import { newProductDraft, productSums, productsSums, type ProductDraft } from './model';
import { ProductNameInput } from './ProductNameInput';
import type { Errors } from './fields';
import classes from '../crm.module.css';

type NumberKey = 'price' | 'quantity' | 'discountPercent' | 'discountSum' | 'taxPercent';

/**
 * Product rows of a deal or a lead as Bitrix24 shows them: per row a product of the catalogue or
 * a free row, price, quantity and unit, a discount (a percent or a sum off each unit), tax % and
 * «Налог включён»; under them «Сумма без налога», «Скидка», «Налог (НДС)» and «Итого», which the
 * amount follows unless it was set by hand. The sums come from the computation the server
 * stores (contracts/deal-sums.ts).
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
  amountManual,
  amount,
  onRecalc,
}: {
  value: ProductDraft[];
  currency: string;
  onChange: (v: ProductDraft[]) => void;
  errors: Errors;
  clear: (p: string) => void;
  editing: boolean;
  onEdit: () => void;
  canEdit: boolean;
  /** The amount was set by hand: shown with «Пересчитать по товарам». */
  amountManual: boolean;
  /** The amount as the card holds it (major units). */
  amount: string;
  onRecalc: () => void;
}) {
  const { t } = useCrmT();
  const money = (minor: number) => formatMoney(fromMinor(minor), currency);
  const typedMoney = (v: string) => formatMoney(v.replace(/\s/g, '').replace(',', '.') || '0', currency);
  const set = (i: number, patch: Partial<ProductDraft>) => onChange(value.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const rowLabel = (what: string, i: number) => t('products.rowLabel', { what, n: i + 1 });
  const input = (i: number, k: NumberKey, what: string, extra?: { rightSection?: React.ReactNode }) => (
    <TextInput
      size="xs"
      label={what}
      aria-label={rowLabel(what, i)}
      value={value[i]![k]}
      onChange={(e) => {
        set(i, { [k]: e.currentTarget.value });
        clear(`products.${i}.${k}`);
      }}
      error={errors[`products.${i}.${k}`]}
      inputMode="decimal"
      styles={{ input: { textAlign: 'right' } }}
      rightSectionWidth={extra?.rightSection ? 30 : undefined}
      {...extra}
    />
  );
  const add = () => {
    onEdit();
    onChange([...value, newProductDraft()]);
  };
  const totals = productsSums(value);
  const discountText = (p: ProductDraft) => (p.discountType === 'sum' ? typedMoney(p.discountSum) : `${p.discountPercent || '0'} %`);
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
            const sumKind = p.discountType === 'sum';
            const kindLabel = `${t('products.discountKind')}: ${sumKind ? t('products.discountSumKind') : t('products.discountPercent')}`;
            return (
              <div key={p.key} className={classes.productRow} role="group" aria-label={rowLabel(t('products.title'), i)}>
                <Group gap="xs" align="flex-end" wrap="nowrap">
                  <div style={{ flex: 1, minWidth: 0 }}>
                    <ProductNameInput
                      size="xs"
                      label={t('products.name')}
                      aria-label={rowLabel(t('products.name'), i)}
                      value={p.name}
                      error={errors[`products.${i}.name`] ?? errors[`products.${i}.productId`]}
                      onChange={(name) => {
                        set(i, { name });
                        clear(`products.${i}.name`);
                      }}
                      onPick={(brief) => {
                        // The product's name, price, unit and VAT; the quantity and discount stay.
                        const from = newProductDraft(brief);
                        set(i, { productId: from.productId, name: from.name, price: from.price, unit: from.unit, taxPercent: from.taxPercent, taxIncluded: from.taxIncluded });
                        for (const k of ['name', 'productId', 'price', 'taxPercent']) clear(`products.${i}.${k}`);
                      }}
                      rightSectionWidth={p.productId ? 96 : undefined}
                      rightSection={
                        p.productId ? (
                          <Badge size="xs" variant="light" radius="sm">
                            {t('products.fromCatalog')}
                          </Badge>
                        ) : undefined
                      }
                    />
                  </div>
                  <ActionIcon variant="subtle" color="gray" mb={2} aria-label={t('products.remove', { n: i + 1 })} onClick={() => onChange(value.filter((_, j) => j !== i))}>
                    <IconTrash size={15} />
                  </ActionIcon>
                </Group>
                <div className={classes.productNumbers}>
                  {input(i, 'price', t('products.price'))}
                  {input(i, 'quantity', t('products.quantity'))}
                  <Autocomplete
                    size="xs"
                    label={t('products.unit')}
                    aria-label={rowLabel(t('products.unit'), i)}
                    data={[...PRODUCT_UNITS]}
                    value={p.unit}
                    onChange={(unit) => set(i, { unit })}
                    comboboxProps={{ withinPortal: true, zIndex: 500 }}
                  />
                  {input(i, sumKind ? 'discountSum' : 'discountPercent', t('products.discount'), {
                    rightSection: (
                      <Tooltip label={kindLabel} withinPortal zIndex={600}>
                        <UnstyledButton
                          aria-label={rowLabel(kindLabel, i)}
                          className={classes.discountKind}
                          onClick={() => {
                            set(i, { discountType: sumKind ? 'percent' : 'sum' });
                            clear(`products.${i}.discountSum`);
                            clear(`products.${i}.discountPercent`);
                          }}
                        >
                          {sumKind ? currencySymbol(currency) : '%'}
                        </UnstyledButton>
                      </Tooltip>
                    ),
                  })}
                  {input(i, 'taxPercent', t('products.tax'))}
                </div>
                <Group justify="space-between" align="flex-start" mt={6} gap="xs">
                  <Checkbox
                    size="xs"
                    label={t('products.taxIncluded')}
                    aria-label={rowLabel(t('products.taxIncluded'), i)}
                    checked={p.taxIncluded}
                    onChange={(e) => set(i, { taxIncluded: e.currentTarget.checked })}
                  />
                  <div style={{ textAlign: 'right' }}>
                    <Text size="sm" fw={600} className={classes.productSum} aria-label={rowLabel(t('products.sum'), i)}>
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
                {(['price', 'quantity', 'discount', 'tax', 'sum'] as const).map((k) => (
                  <Table.Th key={k} ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {t(`products.${k}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {value.map((p) => (
                <Table.Tr key={p.key} onClick={canEdit ? onEdit : undefined} style={canEdit ? { cursor: 'text' } : undefined}>
                  <Table.Td style={{ width: '100%' }}>{p.name}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {typedMoney(p.price)}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {p.quantity} {p.unit}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {discountText(p)}
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
            <dt>{t('products.net')}</dt>
            <dd>{money(totals.net)}</dd>
            {totals.discount ? (
              <>
                <dt>{t('products.discountSum')}</dt>
                <dd>{money(totals.discount)}</dd>
              </>
            ) : null}
            <dt>{t('products.vat')}</dt>
            <dd>{money(totals.tax)}</dd>
            <dt className={classes.productGrand}>{t('products.total')}</dt>
            <dd className={classes.productGrand}>{money(totals.total)}</dd>
          </dl>
        ) : null}
      </Group>
      {value.length && amountManual ? (
        <Group justify="flex-end" gap="xs" mt={6}>
          <Text size="xs" c="orange.8">
            {t('products.manual', { sum: typedMoney(amount) })}
          </Text>
          {canEdit ? (
            <Button variant="light" size="compact-xs" leftSection={<IconCalculator size={13} />} onClick={onRecalc}>
              {t('products.recalc')}
            </Button>
          ) : null}
        </Group>
      ) : null}
    </div>
  );
}
