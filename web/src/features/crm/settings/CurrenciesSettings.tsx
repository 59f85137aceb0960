import { ActionIcon, Badge, Button, Card, Group, Modal, Skeleton, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconHistory, IconStar, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { CurrencyView } from '@vavilon/contracts';
import { FormError, useServerForm } from '../../../ui/form-kit';
import { formatDate, formatDateTime } from '../../../ui/format';
import { showError, showSuccess } from '../../../ui/toasts';
import { ConfirmDialog } from '../common';
import { DateInput } from '../DateInput';
import { isoDay } from '../format';
import { useCrmT } from '../i18n';
import { useCurrencies, useCurrencyMutations, useRateHistory } from '../currencies/api';
import '../currencies/i18n';

/** CRM → Настройки → Валюты: the portal's currencies, their rates to the base currency and the base itself. */
export function CurrenciesSettings() {
  const { t } = useCrmT();
  const list = useCurrencies();
  const { setBase } = useCurrencyMutations();
  const [editing, setEditing] = useState<CurrencyView | null>(null);
  const [history, setHistory] = useState<CurrencyView | null>(null);
  const [makeBase, setMakeBase] = useState<CurrencyView | null>(null);
  const data = list.data;
  const base = data?.items.find((c) => c.isBase);

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" maw={820}>
        {t('currencies.intro')}
      </Text>
      <Card withBorder p={0}>
        <Table verticalSpacing="sm" horizontalSpacing="md" aria-label={t('currencies.tab')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('currencies.columns.currency')}</Table.Th>
              <Table.Th>{t('currencies.columns.rate')}</Table.Th>
              <Table.Th>{t('currencies.columns.from')}</Table.Th>
              <Table.Th>{t('currencies.columns.next')}</Table.Th>
              <Table.Th w={260}>
                <span className="visually-hidden">{t('currencies.columns.actions')}</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {!data
              ? [0, 1, 2, 3].map((i) => (
                  <Table.Tr key={i}>
                    {[0, 1, 2, 3, 4].map((j) => (
                      <Table.Td key={j}>
                        <Skeleton h={18} />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))
              : data.items.map((c) => (
                  <Table.Tr key={c.code}>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Text fw={600} w={28} ta="center">
                          {c.symbol}
                        </Text>
                        <div>
                          <Text size="sm" fw={500}>
                            {c.name}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {c.code}
                          </Text>
                        </div>
                        {c.isBase ? (
                          <Badge variant="light" size="sm">
                            {t('currencies.baseBadge')}
                          </Badge>
                        ) : null}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{c.isBase ? '1' : c.rateFrom ? t('currencies.rateOf', { rate: c.rate.replace('.', ','), base: base?.symbol ?? '', code: c.code }) : t('currencies.noRate')}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{c.rateFrom ? formatDate(c.rateFrom) : '—'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={c.next ? undefined : 'dimmed'}>
                        {c.next ? t('currencies.nextRate', { rate: c.next.rate.replace('.', ','), from: formatDate(c.next.from) }) : '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {c.isBase ? null : (
                        <Group gap="xs" justify="flex-end" wrap="nowrap">
                          <Button size="xs" variant="light" onClick={() => setEditing(c)}>
                            {t('currencies.setRate')}
                          </Button>
                          <Tooltip label={t('currencies.history')}>
                            <ActionIcon variant="subtle" color="gray" aria-label={`${t('currencies.history')}: ${c.code}`} onClick={() => setHistory(c)}>
                              <IconHistory size={18} />
                            </ActionIcon>
                          </Tooltip>
                          <Tooltip label={t('currencies.makeBase')}>
                            <ActionIcon variant="subtle" color="gray" aria-label={`${t('currencies.makeBase')}: ${c.code}`} onClick={() => setMakeBase(c)}>
                              <IconStar size={18} />
                            </ActionIcon>
                          </Tooltip>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
          </Table.Tbody>
        </Table>
      </Card>
      {editing && base ? <RateDialog currency={editing} base={base} onClose={() => setEditing(null)} /> : null}
      {history && base ? <RateHistoryDialog currency={history} onClose={() => setHistory(null)} /> : null}
      <ConfirmDialog
        opened={makeBase !== null}
        title={t('currencies.makeBase')}
        message={makeBase ? t('currencies.makeBaseConfirm', { name: makeBase.name }) : undefined}
        confirmLabel={t('currencies.makeBase')}
        danger={false}
        onClose={() => setMakeBase(null)}
        onConfirm={async () => {
          if (!makeBase || !data) return;
          try {
            await setBase.mutateAsync({ code: makeBase.code, version: data.version });
            showSuccess(t('currencies.baseChanged', { code: makeBase.code }));
          } catch (e) {
            showError(e);
          }
          setMakeBase(null);
        }}
      />
    </Stack>
  );
}

function RateDialog({ currency, base, onClose }: { currency: CurrencyView; base: CurrencyView; onClose: () => void }) {
  const { t } = useCrmT();
  const { setRate } = useCurrencyMutations();
  const form = useServerForm();
  const [rate, setRateText] = useState(currency.rateFrom ? currency.rate.replace('.', ',') : '');
  const [validFrom, setValidFrom] = useState(isoDay(new Date()));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    form.clear();
    try {
      await setRate.mutateAsync({ code: currency.code, rate: rate.trim(), validFrom });
      showSuccess(t('currencies.saved', { code: currency.code }));
      onClose();
    } catch (err) {
      if (!form.fromError(err)) showError(err);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('currencies.rateTitle', { name: currency.name })} centered>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="md">
          <FormError message={form.general} />
          <TextInput
            label={t('currencies.rate', { base: base.code })}
            description={t('currencies.rateHint', { base: base.code, code: currency.code })}
            value={rate}
            onChange={(e) => setRateText(e.currentTarget.value)}
            error={form.errorOf('rate') ?? form.errorOf('code')}
            inputMode="decimal"
            required
            data-autofocus
            rightSection={<Text size="sm">{base.symbol}</Text>}
          />
          <DateInput label={t('currencies.validFrom')} value={validFrom} onChange={setValidFrom} error={form.errorOf('validFrom')} required />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('currencies.cancel')}
            </Button>
            <Button type="submit" loading={setRate.isPending}>
              {t('currencies.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RateHistoryDialog({ currency, onClose }: { currency: CurrencyView; onClose: () => void }) {
  const { t } = useCrmT();
  const history = useRateHistory(currency.code);
  const { deleteRate } = useCurrencyMutations();
  const items = history.data?.items;
  return (
    <Modal opened onClose={onClose} title={`${t('currencies.history')}: ${currency.name}`} size="lg" centered>
      {!items ? (
        <Stack gap="xs">
          <Skeleton h={20} />
          <Skeleton h={20} />
        </Stack>
      ) : items.length === 0 ? (
        <Text c="dimmed">{t('currencies.noHistory')}</Text>
      ) : (
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('currencies.validFrom')}</Table.Th>
              <Table.Th>{t('currencies.columns.rate')}</Table.Th>
              <Table.Th>{t('currencies.enteredBy')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{formatDate(r.validFrom)}</Table.Td>
                <Table.Td>
                  {r.rate.replace('.', ',')} {history.data?.base}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{r.createdBy?.fullName ?? '—'}</Text>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(r.createdAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Tooltip label={t('currencies.deleteRate')}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`${t('currencies.deleteRate')}: ${formatDate(r.validFrom)}`}
                      onClick={async () => {
                        try {
                          await deleteRate.mutateAsync({ code: currency.code, id: r.id });
                          void history.refetch();
                          showSuccess(t('currencies.deleted'));
                        } catch (e) {
                          showError(e);
                        }
                      }}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Modal>
  );
}
