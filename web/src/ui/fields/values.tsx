import { Anchor, Group, Stack, Text } from '@mantine/core';
import type { TypedValue } from '@vavilon/contracts';
import type { ReactNode } from 'react';
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPhone, phoneHref } from '../format';
import { useKitT } from '../kit-i18n';
import { UserAvatar } from '../UserAvatar';
import type { PickedUser } from './UserPicker';

/** «не заполнено», in italics: what an empty field shows. */
export function EmptyValue() {
  const { t } = useKitT();
  return (
    <Text span size="sm" c="dimmed" fs="italic">
      {t('fields.empty')}
    </Text>
  );
}

/** Money as the portal writes it: «1 250 000 ₽», never wrapped. */
export function MoneyValue({ value, currency }: { value: string | number | null | undefined; currency?: string | null }) {
  if (value === null || value === undefined || value === '') return <EmptyValue />;
  return <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{formatMoney(value, currency ?? 'RUB')}</span>;
}

/** A person: photo and name. */
export function UserValue({ user, size = 22 }: { user: PickedUser | null | undefined; size?: number }) {
  if (!user) return <EmptyValue />;
  const [firstName = '', lastName = ''] = user.fullName.split(/\s+/);
  return (
    <Group gap={6} wrap="nowrap">
      <UserAvatar user={{ ...user, firstName, lastName }} size={size} />
      <Text size="sm" truncate>
        {user.fullName}
      </Text>
    </Group>
  );
}

export type TypedListKind = 'phones' | 'emails' | 'websites' | 'messengers';

/** Phones, e-mails, sites, messengers: each a link of its kind with its type («Мобильный»). */
export function TypedListValue({ kind, value }: { kind: TypedListKind; value: TypedValue[] }) {
  const { t } = useKitT();
  const list = value.filter((v) => v.value.trim());
  if (!list.length) return <EmptyValue />;
  const stop = (e: React.MouseEvent) => e.stopPropagation();
  return (
    <Stack gap={2}>
      {list.map((v, i) => (
        <Group key={i} gap={6} wrap="nowrap">
          {kind === 'phones' ? (
            <Anchor href={phoneHref(v.value)} size="sm" onClick={stop}>
              {formatPhone(v.value)}
            </Anchor>
          ) : kind === 'emails' ? (
            <Anchor href={`mailto:${v.value}`} size="sm" onClick={stop}>
              {v.value}
            </Anchor>
          ) : kind === 'websites' ? (
            <Anchor href={/^https?:/i.test(v.value) ? v.value : `https://${v.value}`} target="_blank" rel="noreferrer noopener" size="sm" onClick={stop}>
              {v.value}
            </Anchor>
          ) : (
            <Text size="sm">{v.value}</Text>
          )}
          <Text size="xs" c="dimmed">
            {t(`fields.types.${v.type}`)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

/** A calendar day «2026-11-26» as «26 ноября 2026», without shifting it through time zones. */
export function dayOf(s: string): Date | null {
  const m = s.match(/^(\d{4})-(\d{2})-(\d{2})/);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

/** The types a field of a record can have; a module maps its own field types onto these. */
export type FieldKind = 'string' | 'text' | 'number' | 'money' | 'date' | 'datetime' | 'boolean' | 'select' | 'multiselect' | 'url' | 'user' | 'users';

export interface FieldValueProps {
  kind: FieldKind;
  value: unknown;
  /** Options of `select` and `multiselect`: the stored id and its label. */
  options?: { value: string; label: string }[];
  /** Currency of `money` (RUB when left out). */
  currency?: string | null;
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length);

/** A value shown by its kind: money with thin spaces and the currency, dates in words, people with photos. */
export function FieldValue({ kind, value, options, currency }: FieldValueProps): ReactNode {
  const { t } = useKitT();
  if (isEmpty(value)) return <EmptyValue />;
  switch (kind) {
    case 'boolean':
      return <>{value ? t('fields.yes') : t('fields.no')}</>;
    case 'select':
    case 'multiselect': {
      const ids = Array.isArray(value) ? value : [value];
      return <>{ids.map((id) => options?.find((o) => o.value === String(id))?.label ?? String(id)).join(', ')}</>;
    }
    case 'number':
      return <>{formatNumber(value as number | string)}</>;
    case 'money':
      return <MoneyValue value={String(value).replace(/\s/g, '').replace(',', '.')} currency={currency} />;
    case 'date': {
      const d = dayOf(String(value));
      return <>{d ? formatDate(d) : String(value)}</>;
    }
    case 'datetime':
      return <>{formatDateTime(String(value))}</>;
    case 'url':
      return (
        <Anchor href={String(value)} target="_blank" rel="noreferrer noopener" size="sm" onClick={(e) => e.stopPropagation()}>
          {String(value)}
        </Anchor>
      );
    case 'user':
      return <UserValue user={value as PickedUser} />;
    case 'users':
      return (
        <Group gap="sm">
          {(value as PickedUser[]).map((u) => (
            <UserValue key={u.id} user={u} />
          ))}
        </Group>
      );
    case 'text':
      return <span style={{ whiteSpace: 'pre-wrap' }}>{String(value)}</span>;
    default:
      return <>{Array.isArray(value) ? value.join(', ') : String(value)}</>;
  }
}
