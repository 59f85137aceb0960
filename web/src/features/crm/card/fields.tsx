import { ActionIcon, Anchor, Group, Input, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useRef, type ReactNode } from 'react';
import { Link } from 'react-router';
import { AttachButton, FileIdLink, UploadChips, useUploads } from '../../../ui/comments';
import {
  DateInput,
  EmptyValue,
  FieldInput,
  FieldValue as KitValue,
  MoneyInput,
  MoneyValue,
  TypedListInput,
  TypedListValue,
  UserPicker,
  UsersPicker,
  UserValue,
  dayOf,
  type FieldKind,
} from '../../../ui/fields';
import { RecordFieldRow } from '../../../ui/record-card';
import { useKitT } from '../../../ui/kit-i18n';
import { formatDate } from '../../../ui/format';
import { StageBadge } from '../common';
import { crmT, useCrmT } from '../i18n';
import { ItemPicker, ItemsPicker } from '../pickers';
import type { EntityType, FieldDef, Stage, UserRef } from '../types';
import { useSliderLinkState } from '../list/cells';
import { cardPath } from '../navigation';
import type { Draft, PathDraft, Ref } from './model';

export type Errors = Record<string, string>;

/** Standard fields of the card by canonical key; custom fields are keyed by their code. */
export const STANDARD: Record<EntityType, string[]> = {
  company: ['title', 'industry', 'revenue', 'phones', 'emails', 'websites', 'messengers', 'address', 'inn', 'kpp', 'ogrn', 'responsible', 'comments', 'clientPath'],
  contact: ['lastName', 'firstName', 'middleName', 'position', 'companies', 'phones', 'emails', 'websites', 'messengers', 'birthday', 'photoUrl', 'responsible', 'comments', 'clientPath'],
  deal: ['title', 'stage', 'amount', 'company', 'contacts', 'responsible', 'observers', 'beginDate', 'closeDate', 'products', 'comments', 'clientPath'],
  lead: ['title', 'status', 'amount', 'lastName', 'firstName', 'middleName', 'position', 'companyTitle', 'phones', 'emails', 'websites', 'messengers', 'responsible', 'comments', 'clientPath'],
};

const ALIASES: Record<string, string> = {
  responsibleId: 'responsible',
  companyIds: 'companies',
  companyId: 'company',
  contactIds: 'contacts',
  stageId: 'stage',
  statusId: 'status',
  pipelineId: 'pipeline',
  observerIds: 'observers',
  source: 'clientPath',
  utmSource: 'clientPath',
  utmMedium: 'clientPath',
  utmCampaign: 'clientPath',
  utmContent: 'clientPath',
  utmTerm: 'clientPath',
  firstTouchAt: 'clientPath',
  revenueCurrency: '',
  currency: '',
  name: '',
  fullName: '',
};

/** A layout key as the card's canonical key (or a custom code), '' for keys the card does not show. */
export function canonicalField(entity: EntityType, key: string, customCodes: Set<string>): string {
  if (key.startsWith('custom.')) key = key.slice(7);
  if (customCodes.has(key)) return key;
  const k = key in ALIASES ? ALIASES[key]! : key;
  if (entity === 'company' && k === 'companyTitle') return 'title';
  if (entity === 'lead' && k === 'stage') return 'status';
  if (k === 'photo') return 'photoUrl';
  return STANDARD[entity].includes(k) ? k : '';
}

export function fieldLabel(entity: EntityType, key: string, defs: Map<string, FieldDef>): string {
  const def = defs.get(key);
  if (def) return def.label;
  if (key === 'title') return crmT(entity === 'deal' ? 'fields.dealTitle' : entity === 'lead' ? 'fields.leadTitle' : entity === 'company' ? 'fields.companyTitle' : 'fields.title');
  if (key === 'companyTitle') return crmT('fields.leadCompany');
  return crmT(`fields.${key}`);
}

export function isRequired(entity: EntityType, key: string, defs: Map<string, FieldDef>): boolean {
  const def = defs.get(key);
  if (def) return def.required;
  return key === 'title' && entity !== 'contact';
}

function errorsUnder(errors: Errors, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const k = Object.keys(errors).find((e) => e.startsWith(`${path}.`) && !/\.\d+(\.|$)/.test(e.slice(path.length)));
  return k ? errors[k] : undefined;
}

function PathEditor({ value, onChange, errors }: { value: PathDraft; onChange: (v: PathDraft) => void; errors: Errors }) {
  const { t } = useCrmT();
  const keys: (keyof PathDraft)[] = ['source', 'utmSource', 'utmMedium', 'utmCampaign', 'utmContent', 'utmTerm'];
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
      {keys.map((k) => (
        <TextInput
          key={k}
          label={t(`fields.${k}`)}
          value={value[k]}
          onChange={(e) => onChange({ ...value, [k]: e.currentTarget.value })}
          error={errors[`clientPath.${k}`]}
          size="sm"
          // A label on two lines («Обозначение рекламной кампании (utm_campaign)») keeps the inputs of a row level.
          style={{ display: 'flex', flexDirection: 'column', justifyContent: 'flex-end' }}
        />
      ))}
    </SimpleGrid>
  );
}

/** The kit's kind of a custom field's type (`crm` and `file` have editors of their own). */
export function kindOf(def: FieldDef): FieldKind {
  switch (def.type) {
    case 'text':
    case 'number':
    case 'money':
    case 'date':
    case 'datetime':
    case 'boolean':
    case 'url':
      return def.type;
    case 'list':
      return def.multiple ? 'multiselect' : 'select';
    case 'employee':
      return 'user';
    default:
      return 'string';
  }
}

const optionsOf = (def: FieldDef) => def.options.map((o) => ({ value: o.id, label: o.label }));

/** An editor for a custom field by its type. */
export function CustomEditor({ def, value, onChange, error, autoFocus }: { def: FieldDef; value: unknown; onChange: (v: unknown) => void; error?: string; autoFocus?: boolean }) {
  const { t } = useCrmT();
  const common = { label: def.label, required: def.required, error, disabled: !def.canEdit, autoFocus };
  if (def.type === 'crm')
    return <TextInput {...common} placeholder="company:12" description={t('settings.fields.types.crm')} value={(value as string) ?? ''} onChange={(e) => onChange(e.currentTarget.value)} />;
  if (def.type === 'file') return <FileFieldEditor def={def} value={value} onChange={onChange} error={error} />;
  if (def.type === 'employee') {
    // The field stores the id; the picker shows a person.
    const user = typeof value === 'number' ? { id: value, fullName: `#${value}`, photoUrl: null } : null;
    return <UserPicker {...common} value={user} onChange={(u) => onChange(u?.id ?? null)} />;
  }
  return <FieldInput {...common} kind={kindOf(def)} value={value} onChange={onChange} options={optionsOf(def)} />;
}

const fileIdsOf = (v: unknown): number[] => ([] as unknown[]).concat(v ?? []).filter((x): x is number => typeof x === 'number');

/** A `file` field: the files it holds as download links, and an upload that puts the new file in. */
function FileFieldEditor({ def, value, onChange, error }: { def: FieldDef; value: unknown; onChange: (v: unknown) => void; error?: string }) {
  // The file words are the kit's: the same buttons as a comment's attachments.
  const { t } = useKitT();
  const latest = useRef(value);
  latest.current = value;
  // Each finished upload goes into the value (or replaces it, for a single file).
  const uploads = useUploads((file) => {
    const next = def.multiple ? [...new Set([...fileIdsOf(latest.current), file.id])] : file.id;
    latest.current = next;
    onChange(next);
  });
  const ids = fileIdsOf(value);
  const drop = (id: number) => onChange(def.multiple ? ids.filter((x) => x !== id) : null);
  return (
    <Input.Wrapper label={def.label} required={def.required} error={error}>
      <Stack gap={4} mt={2}>
        {ids.map((id) => (
          <Group key={id} gap={4} wrap="nowrap">
            <FileIdLink id={id} />
            {def.canEdit ? (
              <ActionIcon size="xs" variant="subtle" color="gray" aria-label={t('files.remove', { name: `#${id}` })} onClick={() => drop(id)}>
                <IconTrash size={12} />
              </ActionIcon>
            ) : null}
          </Group>
        ))}
        <UploadChips items={uploads.items} onRemove={uploads.remove} />
        {def.canEdit ? (
          <Group>
            <AttachButton
              onFiles={(files) => uploads.start(def.multiple ? files : files.slice(0, 1))}
              onPicked={(files) => uploads.add(def.multiple ? files : files.slice(0, 1))}
              disabled={uploads.busy}
              multiple={def.multiple}
              label={!def.multiple && ids.length ? t('files.replace') : t('files.upload')}
            />
          </Group>
        ) : null}
      </Stack>
    </Input.Wrapper>
  );
}

export interface FieldContext {
  entity: EntityType;
  draft: Draft;
  set: <K extends keyof Draft>(k: K, v: Draft[K]) => void;
  setCustom: (code: string, v: unknown) => void;
  errors: Errors;
  clear: (path: string) => void;
  defs: Map<string, FieldDef>;
  stages: Stage[];
  industries: { value: string; label: string }[];
  hasProducts: boolean;
}

/** The editor of one field of the card. */
export function FieldEditor({ k, ctx, autoFocus }: { k: string; ctx: FieldContext; autoFocus?: boolean }) {
  const { t } = useCrmT();
  const { entity, draft, set, errors, clear, defs } = ctx;
  const label = fieldLabel(entity, k, defs);
  const required = isRequired(entity, k, defs);
  const def = defs.get(k);
  if (def)
    return (
      <CustomEditor
        def={def}
        value={draft.custom[k]}
        onChange={(v) => {
          ctx.setCustom(k, v);
          clear(`custom.${k}`);
        }}
        error={errorsUnder(errors, `custom.${k}`)}
        autoFocus={autoFocus}
      />
    );
  const text = (key: 'title' | 'address' | 'lastName' | 'firstName' | 'middleName' | 'position' | 'companyTitle' | 'inn' | 'kpp' | 'ogrn' | 'photoUrl', extra?: Record<string, unknown>) => (
    <TextInput
      label={label}
      value={draft[key]}
      onChange={(e) => {
        set(key, e.currentTarget.value);
        clear(key);
      }}
      error={errorsUnder(errors, key)}
      required={required}
      autoFocus={autoFocus}
      {...extra}
    />
  );
  switch (k) {
    case 'title':
    case 'address':
    case 'lastName':
    case 'firstName':
    case 'middleName':
    case 'position':
    case 'companyTitle':
    case 'kpp':
    case 'ogrn':
    case 'photoUrl':
      return text(k);
    case 'inn':
      return text('inn', { inputMode: 'numeric', maxLength: 12, description: undefined });
    case 'comments':
      return <Textarea label={label} value={draft.comments} onChange={(e) => set('comments', e.currentTarget.value)} autosize minRows={2} maxRows={8} error={errors.comments} autoFocus={autoFocus} />;
    case 'industry':
      return (
        <Select
          label={label}
          data={draft.industry && !ctx.industries.some((i) => i.value === draft.industry) ? [...ctx.industries, { value: draft.industry, label: draft.industry }] : ctx.industries}
          value={draft.industry}
          onChange={(v) => {
            set('industry', v);
            clear('industry');
          }}
          clearable
          searchable
          error={errors.industry}
          autoFocus={autoFocus}
          comboboxProps={{ withinPortal: true, zIndex: 500 }}
        />
      );
    case 'revenue':
      return (
        <MoneyInput
          label={label}
          value={draft.revenue}
          onChange={(v) => {
            set('revenue', v);
            clear('revenue');
          }}
          error={errorsUnder(errors, 'revenue')}
          autoFocus={autoFocus}
        />
      );
    case 'amount':
      return (
        <div>
          <MoneyInput
            label={label}
            value={draft.amount}
            onChange={(v) => {
              set('amount', v);
              clear('amount');
            }}
            error={errorsUnder(errors, 'amount')}
            autoFocus={autoFocus}
          />
          {ctx.hasProducts ? (
            <Text size="xs" c={draft.amountManual ? 'orange.8' : 'dimmed'} mt={4}>
              {draft.amountManual ? t('products.manualHint') : t('products.follows')}
            </Text>
          ) : null}
        </div>
      );
    case 'phones':
    case 'emails':
    case 'websites':
    case 'messengers':
      return (
        <div>
          <Text size="sm" fw={500} mb={4}>
            {label}
          </Text>
          <TypedListInput kind={k} label={label} value={draft[k]} onChange={(v) => set(k, v)} errors={errors} clear={clear} />
        </div>
      );
    case 'responsible':
      return (
        <UserPicker
          label={label}
          value={draft.responsible}
          onChange={(u) => {
            set('responsible', u);
            clear('responsible');
          }}
          error={errors.responsible}
          autoFocus={autoFocus}
        />
      );
    case 'observers':
      return <UsersPicker label={label} value={draft.observers} onChange={(u: UserRef[]) => set('observers', u)} error={errorsUnder(errors, 'observers')} />;
    case 'birthday':
    case 'beginDate':
    case 'closeDate':
      return (
        <DateInput
          label={label}
          value={draft[k]}
          onChange={(v) => {
            set(k, v);
            clear(k);
          }}
          error={errors[k]}
          autoFocus={autoFocus}
        />
      );
    case 'companies':
      return (
        <ItemsPicker
          entity="company"
          label={label}
          placeholder={t('fields.searchCompany')}
          value={draft.companies}
          onChange={(v: Ref[]) => {
            set('companies', v);
            clear('companies');
          }}
          error={errorsUnder(errors, 'companies')}
        />
      );
    case 'company':
      return (
        <ItemPicker
          entity="company"
          label={label}
          value={draft.company}
          onChange={(v) => {
            set('company', v);
            clear('company');
          }}
          error={errors.company}
          autoFocus={autoFocus}
        />
      );
    case 'contacts':
      return (
        <ItemsPicker
          entity="contact"
          label={label}
          placeholder={t('fields.searchContacts')}
          value={draft.contacts}
          onChange={(v: Ref[]) => {
            set('contacts', v);
            clear('contacts');
          }}
          error={errorsUnder(errors, 'contacts')}
        />
      );
    case 'stage':
    case 'status':
      return (
        <Select
          label={label}
          data={ctx.stages.map((s) => ({ value: String(s.id), label: s.name }))}
          value={draft[k] ? String(draft[k]) : null}
          onChange={(v) => {
            set(k, v ? Number(v) : null);
            clear(k);
          }}
          allowDeselect={false}
          error={errors[k]}
          comboboxProps={{ withinPortal: true, zIndex: 500 }}
        />
      );
    case 'clientPath':
      return (
        <div>
          <Text size="sm" fw={500} mb={4}>
            {label}
          </Text>
          <PathEditor value={draft.clientPath} onChange={(v) => set('clientPath', v)} errors={errors} />
        </div>
      );
    default:
      return null;
  }
}

const Empty = EmptyValue;

function refLinks(entity: EntityType, refs: Ref[], state: ReturnType<typeof useSliderLinkState>): ReactNode {
  if (!refs.length) return <Empty />;
  return (
    <Group gap={8}>
      {refs.map((r) =>
        r.hidden ? (
          <Text key={r.id} span size="sm" c="dimmed">
            {r.title}
          </Text>
        ) : (
          <Anchor key={r.id} component={Link} to={cardPath(entity, r.id)} state={state} size="sm">
            {r.title}
          </Anchor>
        ),
      )}
    </Group>
  );
}

/** The value of one field as the card shows it. */
export function FieldValue({ k, ctx }: { k: string; ctx: FieldContext }) {
  const { t } = useCrmT();
  const state = useSliderLinkState();
  const { draft, defs } = ctx;
  const def = defs.get(k);
  if (def) {
    const v = draft.custom[k];
    if (def.type === 'file') {
      const ids = fileIdsOf(v);
      if (!ids.length) return <Empty />;
      return (
        <Stack gap={2}>
          {ids.map((id) => (
            <FileIdLink key={id} id={id} />
          ))}
        </Stack>
      );
    }
    // An employee field holds the id only; numbers keep the form they were typed in.
    if (def.type === 'employee' || def.type === 'number') return v === null || v === undefined || v === '' ? <Empty /> : <>{String(v)}</>;
    return <KitValue kind={kindOf(def)} value={v} options={optionsOf(def)} />;
  }
  const str = (s: string) => (s.trim() ? <>{s}</> : <Empty />);
  switch (k) {
    case 'title':
    case 'address':
    case 'lastName':
    case 'firstName':
    case 'middleName':
    case 'position':
    case 'companyTitle':
    case 'inn':
    case 'kpp':
    case 'ogrn':
    case 'photoUrl':
      return str(draft[k]);
    case 'comments':
      return draft.comments.trim() ? <span style={{ whiteSpace: 'pre-wrap' }}>{draft.comments}</span> : <Empty />;
    case 'industry':
      return draft.industry ? <>{ctx.industries.find((i) => i.value === draft.industry)?.label ?? draft.industry}</> : <Empty />;
    case 'revenue':
    case 'amount':
      return draft[k].value ? <MoneyValue value={draft[k].value.replace(/\s/g, '').replace(',', '.')} currency={draft[k].currency} /> : <Empty />;
    case 'phones':
    case 'emails':
    case 'websites':
    case 'messengers':
      return <TypedListValue kind={k} value={draft[k]} />;
    case 'responsible':
      return <UserValue user={draft.responsible} />;
    case 'observers':
      return draft.observers.length ? (
        <Group gap="sm">
          {draft.observers.map((u) => (
            <UserValue key={u.id} user={u} />
          ))}
        </Group>
      ) : (
        <Empty />
      );
    case 'birthday':
    case 'beginDate':
    case 'closeDate': {
      const d = dayOf(draft[k]);
      return d ? <>{formatDate(d)}</> : <Empty />;
    }
    case 'companies':
      return <>{refLinks('company', draft.companies, state)}</>;
    case 'company':
      return <>{refLinks('company', draft.company ? [draft.company] : [], state)}</>;
    case 'contacts':
      return <>{refLinks('contact', draft.contacts, state)}</>;
    case 'stage':
    case 'status': {
      const s = ctx.stages.find((x) => x.id === draft[k]);
      return s ? <StageBadge stage={s} /> : <Empty />;
    }
    case 'clientPath': {
      const p = draft.clientPath;
      const parts = (['source', 'utmSource', 'utmMedium', 'utmCampaign', 'utmContent', 'utmTerm'] as const).filter((x) => p[x]);
      if (!parts.length) return <Empty />;
      return (
        <Stack gap={2}>
          {parts.map((x) => (
            <Text key={x} size="sm">
              <Text span c="dimmed" size="sm">
                {t(`fields.${x}`)}:
              </Text>{' '}
              {p[x]}
            </Text>
          ))}
        </Stack>
      );
    }
    default:
      return null;
  }
}

export function FieldRow({ k, ctx, onEdit, canEdit }: { k: string; ctx: FieldContext; onEdit: () => void; canEdit: boolean }) {
  const err = Object.entries(ctx.errors).find(([p]) => p === k || p.startsWith(`${k}.`) || p === `custom.${k}`)?.[1];
  return (
    <RecordFieldRow label={fieldLabel(ctx.entity, k, ctx.defs)} error={err} onEdit={canEdit ? onEdit : undefined}>
      <FieldValue k={k} ctx={ctx} />
    </RecordFieldRow>
  );
}
