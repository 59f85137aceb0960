import { Anchor, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { formatDate, formatDateTime, formatPhone } from '../../../ui/format';
import { Money, StageBadge, UserChip } from '../common';
import { parseDay } from '../format';
import { crmT } from '../i18n';
import { cardPath, sliderState, type SliderState } from '../navigation';
import type { EntityType, FieldDef, ListColumn, ListRow, TypedValue } from '../types';
import classes from '../crm.module.css';
import { ActivityCount } from '../deals/activity-parts';
import type { ItemActivitySummary } from '@vavilon/contracts';

export function useSliderLinkState(): SliderState {
  const location = useLocation();
  const current = sliderState(location.state);
  return current ? { backgroundLocation: current.backgroundLocation, depth: current.depth + 1 } : { backgroundLocation: location, depth: 1 };
}

export function rowTitle(row: ListRow): string {
  return String(row.title ?? row.name ?? `#${row.id}`);
}

/** The first column that names the item (title or name) links to its card. */
export function titleKey(entity: EntityType): string {
  return entity === 'contact' ? 'name' : 'title';
}

function dash() {
  return (
    <Text span c="dimmed" size="sm">
      —
    </Text>
  );
}

function typed(values: unknown, kind: string): ReactNode {
  const list = Array.isArray(values) ? (values as TypedValue[]) : [];
  if (!list.length) return dash();
  return (
    <span>
      {list.slice(0, 2).map((v, i) => (
        <span key={i} style={{ display: 'block', whiteSpace: 'nowrap' }}>
          {kind === 'phones' ? (
            <Anchor href={`tel:${v.value}`} size="sm" onClick={(e) => e.stopPropagation()}>
              {formatPhone(v.value)}
            </Anchor>
          ) : kind === 'emails' ? (
            <Anchor href={`mailto:${v.value}`} size="sm" onClick={(e) => e.stopPropagation()}>
              {v.value}
            </Anchor>
          ) : (
            v.value
          )}
        </span>
      ))}
      {list.length > 2 ? (
        <Text span size="xs" c="dimmed">
          +{list.length - 2}
        </Text>
      ) : null}
    </span>
  );
}

function clientPath(v: unknown): ReactNode {
  const p = (v ?? {}) as Record<string, string | null>;
  const parts = [p.source, [p.utmSource, p.utmMedium].filter(Boolean).join(' / '), p.utmCampaign].filter(Boolean);
  if (!parts.length) return dash();
  return (
    <span>
      <span style={{ display: 'block' }}>{parts.join(' · ')}</span>
      {p.firstTouchAt ? (
        <Text span size="xs" c="dimmed">
          {formatDate(p.firstTouchAt)}
        </Text>
      ) : null}
    </span>
  );
}

/** Custom field values shown by the field's type. */
export function customValue(def: FieldDef | undefined, v: unknown): ReactNode {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return dash();
  const one = (x: unknown): string => {
    if (!def) return typeof x === 'object' ? JSON.stringify(x) : String(x);
    switch (def.type) {
      case 'boolean':
        return x ? crmT('list.yes') : crmT('list.no');
      case 'list':
        return def.options.find((o) => o.id === x)?.label ?? String(x);
      case 'date': {
        const d = typeof x === 'string' ? parseDay(x) : null;
        return d ? formatDate(d) : String(x);
      }
      case 'datetime':
        return formatDateTime(String(x));
      default:
        return typeof x === 'object' ? JSON.stringify(x) : String(x);
    }
  };
  if (def?.type === 'money') return <Money value={String(v)} currency="RUB" />;
  if (def?.type === 'url') {
    return (
      <Anchor href={String(v)} target="_blank" rel="noreferrer noopener" size="sm" onClick={(e) => e.stopPropagation()}>
        {String(v)}
      </Anchor>
    );
  }
  return Array.isArray(v) ? v.map(one).join(', ') : one(v);
}

export function Cell({ entity, column, row, defs, state }: { entity: EntityType; column: ListColumn; row: ListRow; defs: Map<string, FieldDef>; state: SliderState }) {
  const v = row[column.key];
  if (column.key === titleKey(entity) || (column.key === 'title' && entity !== 'contact')) {
    return (
      <Link to={cardPath(entity, Number(row.id))} state={state} className={classes.titleLink} onClick={(e) => e.stopPropagation()}>
        {rowTitle(row)}
      </Link>
    );
  }
  const def = defs.get(column.key);
  if (def) return <>{customValue(def, v)}</>;
  switch (column.kind) {
    case 'money':
      return <Money value={v as string | null} currency={(row[`${column.key}Currency`] as string) ?? 'RUB'} />;
    case 'date': {
      const d = typeof v === 'string' ? parseDay(v) : null;
      return d ? <span style={{ whiteSpace: 'nowrap' }}>{formatDate(d)}</span> : dash();
    }
    case 'datetime':
      return typeof v === 'string' && v ? <span style={{ whiteSpace: 'nowrap' }}>{formatDate(v)}</span> : dash();
    case 'user':
      return <UserChip user={v as never} />;
    case 'stage':
      return v ? <StageBadge stage={v as { name: string; color: string }} /> : dash();
    case 'company': {
      const c = v as { id: number; title: string; hidden?: boolean } | null;
      if (c?.hidden) return <span style={{ color: 'var(--mantine-color-dimmed)' }}>{c.title}</span>;
      return c ? (
        <Link to={cardPath('company', c.id)} state={state} className={classes.titleLink} onClick={(e) => e.stopPropagation()}>
          {c.title}
        </Link>
      ) : (
        dash()
      );
    }
    case 'typed':
      return <>{typed(v, column.key)}</>;
    case 'path':
      return <>{clientPath(v)}</>;
    case 'activities':
      return <ActivityCount value={v as ItemActivitySummary | null} />;
    default:
      if (v === null || v === undefined || v === '') return dash();
      if (typeof v === 'boolean') return <>{v ? crmT('list.yes') : crmT('list.no')}</>;
      if (typeof v === 'object') return <>{JSON.stringify(v)}</>;
      return <>{String(v)}</>;
  }
}
