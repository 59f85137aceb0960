import { ActionIcon, Alert, Anchor, Badge, Button, Card, CopyButton, Divider, Group, Menu, Skeleton, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconArrowsExchange, IconCheck, IconCopy, IconDotsVertical, IconExternalLink, IconLink, IconPencil, IconRefresh, IconTrash, IconX } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { appHref } from '../../../api/portal';
import { isApiError } from '../../../api/client';
import { FormError, splitServerErrors } from '../../../ui/form-kit';
import { EmptyState } from '../../../ui/EmptyState';
import { SaveBar } from '../../../ui/SaveBar';
import { showError } from '../../../ui/toasts';
import { useDocumentTitle } from '../../../ui/use-document-title';
import {
  copyItem,
  createItem,
  deleteItem,
  entityKey,
  itemKey,
  moveDealStage,
  setLeadStatus,
  updateItem,
  useFields,
  useIndustries,
  useItem,
  useLayout,
  useLeadStatuses,
  usePipelines,
} from '../api';
import { ConfirmDialog, showUndoable } from '../common';
import { crmT, useCrmT } from '../i18n';
import { cardPath, sliderState, useOpenCard } from '../navigation';
import { useCrmRights } from '../permissions';
import { useSession } from '../../auth/session';
import type { CrmItem, Deal, EntityType, FieldDef, Layout, Lead, Stage } from '../types';
import { ConvertDialog } from './ConvertDialog';
import { canonicalField, FieldEditor, FieldRow, type Errors, type FieldContext } from './fields';
import { Linked } from './Linked';
import { bodyFrom, canonicalPath, draftFrom, emptyDraft, fieldOfPath, productsTotal, recreateBody, type Draft } from './model';
import { Products } from './Products';
import { StageBar } from './StageBar';
import { Timeline } from './Timeline';
import classes from '../crm.module.css';

type Block = { id: string; title: string; fields: string[] };

/** The element that scrolls `el`: the slider's body, or the page. */
function scrollParent(el: HTMLElement): HTMLElement {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const { overflowY } = getComputedStyle(p);
    if ((overflowY === 'auto' || overflowY === 'scroll') && p.scrollHeight > p.clientHeight) return p;
  }
  return (document.scrollingElement as HTMLElement | null) ?? document.documentElement;
}

function defaultLayout(entity: EntityType): Block[] {
  const tb = (k: string) => crmT(`card.blocks.${k}`);
  switch (entity) {
    case 'company':
      return [
        { id: 'main', title: tb('main'), fields: ['title', 'industry', 'revenue', 'phones', 'emails', 'websites', 'address', 'responsible', 'comments'] },
        { id: 'requisites', title: tb('requisites'), fields: ['inn', 'kpp', 'ogrn'] },
        { id: 'path', title: tb('path'), fields: ['clientPath'] },
      ];
    case 'contact':
      return [
        { id: 'main', title: tb('contact'), fields: ['lastName', 'firstName', 'middleName', 'position', 'companies', 'phones', 'emails', 'messengers', 'birthday', 'responsible', 'comments'] },
        { id: 'path', title: tb('path'), fields: ['clientPath'] },
      ];
    case 'deal':
      return [
        { id: 'main', title: tb('deal'), fields: ['title', 'amount', 'stage', 'closeDate', 'beginDate', 'company', 'contacts', 'responsible', 'observers', 'comments'] },
        { id: 'path', title: tb('path'), fields: ['clientPath'] },
      ];
    case 'lead':
      return [
        { id: 'main', title: tb('lead'), fields: ['title', 'status', 'amount', 'lastName', 'firstName', 'middleName', 'position', 'companyTitle', 'phones', 'emails', 'responsible', 'comments'] },
        { id: 'path', title: tb('path'), fields: ['clientPath'] },
      ];
  }
}

/** The server's layout with keys made canonical; custom fields it does not place go to a last block. */
function resolveBlocks(entity: EntityType, layout: Layout | undefined, defs: FieldDef[]): Block[] {
  const codes = new Set(defs.map((d) => d.code));
  const base = layout?.blocks?.length ? layout.blocks.map((b) => ({ ...b })) : defaultLayout(entity);
  const seen = new Set<string>();
  const blocks = base.map((b) => ({
    id: b.id,
    title: b.title,
    fields: b.fields
      .map((k) => canonicalField(entity, k, codes))
      .filter((k) => {
        if (!k || k === 'products' || seen.has(k)) return false;
        seen.add(k);
        return true;
      }),
  }));
  const rest = defs.filter((d) => !seen.has(d.code)).map((d) => d.code);
  if (rest.length) blocks.push({ id: 'custom', title: crmT('card.blocks.custom'), fields: rest });
  return blocks.filter((b) => b.fields.length);
}

export interface CardProps {
  entity: EntityType;
  id: number;
  mode: 'slider' | 'page';
  onClose: () => void;
  onDirtyChange?: (dirty: boolean) => void;
}

/** A CRM item's card: blocks of fields edited in place, stage bar, products, linked items and the timeline. */
export function EntityCard({ entity, id, mode, onClose, onDirtyChange }: CardProps) {
  const { t } = useCrmT();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [search] = useSearchParams();
  const rights = useCrmRights();
  const me = useSession();
  const openCard = useOpenCard();
  const isNew = id === 0;
  const item = useItem<CrmItem>(entity, id);
  const fields = useFields(entity);
  const pipelines = usePipelines();
  const statuses = useLeadStatuses();
  const industries = useIndustries();
  const data = item.data ?? null;

  const pipelineId = entity === 'deal' ? ((data as Deal | null)?.pipelineId ?? (Number(search.get('pipeline')) || pipelines.data?.find((p) => p.isDefault)?.id || pipelines.data?.[0]?.id)) : undefined;
  const layout = useLayout(entity, pipelineId);
  const stages: Stage[] = entity === 'lead' ? (statuses.data ?? []) : entity === 'deal' ? (pipelines.data?.find((p) => p.id === pipelineId)?.stages ?? []) : [];

  const initial = (): Draft => {
    if (data) return draftFrom(entity, data);
    const d = draftFrom(entity, null);
    d.title = search.get('title') ?? '';
    if (entity === 'deal') {
      d.pipeline = pipelineId ?? null;
      d.stage = Number(search.get('stage')) || stages[0]?.id || null;
      const cid = Number(search.get('companyId'));
      if (cid) d.company = { id: cid, title: search.get('companyTitle') ?? `#${cid}` };
    }
    if (entity === 'lead') d.status = statuses.data?.[0]?.id ?? null;
    if (entity === 'contact') {
      const cid = Number(search.get('companyId'));
      if (cid) d.companies = [{ id: cid, title: search.get('companyTitle') ?? `#${cid}` }];
    }
    d.responsible = { id: me.user.id, fullName: me.user.fullName, photoUrl: me.user.photoUrl };
    return d;
  };

  const [draft, setDraft] = useState<Draft>(initial);
  const [base, setBase] = useState<Draft | null>(data ? draftFrom(entity, data) : null);
  const [version, setVersion] = useState<number | null>(data?.version ?? null);
  const [editing, setEditing] = useState<Set<string>>(new Set());
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [conflict, setConflict] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [moving, setMoving] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [convertOpen, setConvertOpen] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const headerRef = useRef<HTMLElement>(null);
  // The block being closed by «Сохранить» or «Отменить», and where its top stood on screen.
  const closingBlock = useRef<{ id: string; top: number } | null>(null);

  /** Remembers the first open block's place before the edit forms close (and the card gets shorter). */
  const rememberPlace = () => {
    const el = formRef.current?.querySelector<HTMLElement>('[data-block][data-editing]');
    closingBlock.current = el ? { id: el.dataset.block!, top: el.getBoundingClientRect().top } : null;
  };

  // After the forms closed: the block stays where it stood, or, had its top gone up off the
  // screen, comes down to just under the card's header, rather than leaving the view in the middle of the next block.
  useLayoutEffect(() => {
    const keep = closingBlock.current;
    if (!keep || editing.size) return;
    closingBlock.current = null;
    const el = formRef.current?.querySelector<HTMLElement>(`[data-block="${keep.id}"]`);
    if (!el) return;
    const scroller = scrollParent(el);
    const visibleTop = Math.max(scroller === document.scrollingElement ? 0 : scroller.getBoundingClientRect().top, headerRef.current?.getBoundingClientRect().bottom ?? 0) + 8;
    const by = el.getBoundingClientRect().top - Math.max(keep.top, visibleTop);
    if (Math.abs(by) >= 1) scroller.scrollTop += by;
  }, [editing]);

  const dirty = isNew ? true : base !== null && JSON.stringify(draft) !== JSON.stringify(base);
  const editingAny = isNew || editing.size > 0;
  // A new card counts as changed once anything beyond its defaults (stage, responsible) is typed.
  const typedIntoNew = useMemo(() => {
    if (!isNew) return false;
    const strip = (d: Draft) => JSON.stringify({ ...d, stage: null, status: null, pipeline: null, responsible: null, company: null, companies: [] });
    return strip(draft) !== strip(emptyDraft()) && strip(draft) !== strip({ ...emptyDraft(), title: search.get('title') ?? '' });
  }, [draft, isNew]);
  useEffect(() => onDirtyChange?.(isNew ? typedIntoNew : dirty), [dirty, isNew, typedIntoNew]);

  // A fresh item from the server: shown at once unless the user is editing; a newer version while editing is a conflict.
  useEffect(() => {
    if (!data) return;
    if (version === null || (!editingAny && !dirty)) {
      const d = draftFrom(entity, data);
      setDraft(d);
      setBase(d);
      setVersion(data.version);
      setConflict(false);
    } else if (data.version !== version) setConflict(true);
  }, [data]);

  // New card: defaults that arrive later (the pipeline's first stage, the first lead status, my name).
  useEffect(() => {
    if (!isNew) return;
    setDraft((d) => {
      const n = { ...d };
      if (entity === 'deal' && !n.stage && stages[0]) n.stage = stages[0].id;
      if (entity === 'deal' && !n.pipeline && pipelineId) n.pipeline = pipelineId;
      if (entity === 'lead' && !n.status && statuses.data?.[0]) n.status = statuses.data[0].id;
      return n;
    });
  }, [isNew, stages.length, pipelineId, statuses.data]);

  const defs = useMemo(() => (fields.data ?? []).filter((f) => f.canRead), [fields.data]);
  const defMap = useMemo(() => new Map(defs.map((d) => [d.code, d])), [defs]);
  const blocks = useMemo(() => resolveBlocks(entity, layout.data, defs), [entity, layout.data, defs]);
  const canEdit = isNew ? rights.can(entity, 'add') : (data?.abilities.edit ?? false);
  const canDelete = !isNew && (data?.abilities.delete ?? false);

  const title = isNew ? t(`entity.${entity}.new`) : data ? data.title || `#${data.id}` : '';
  useDocumentTitle(mode === 'page' ? title : null);

  const clear = (path: string) =>
    setErrors((prev) => {
      if (!(path in prev)) return prev;
      const n = { ...prev };
      delete n[path];
      return n;
    });

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) =>
    setDraft((d) => {
      const n = { ...d, [k]: v };
      if (k === 'products' && entity === 'deal') {
        const list = v as Draft['products'];
        if (list.length) n.amount = { ...n.amount, value: productsTotal(list).replace(/\.00$/, '') };
      }
      return n;
    });
  const setCustom = (code: string, v: unknown) => setDraft((d) => ({ ...d, custom: { ...d.custom, [code]: v } }));

  const ctx: FieldContext = {
    entity,
    draft,
    set,
    setCustom,
    errors,
    clear,
    defs: defMap,
    stages,
    industries: industries.data ?? [],
    hasProducts: draft.products.length > 0,
  };

  const blockOf = (field: string) => blocks.find((b) => b.fields.includes(field))?.id ?? (field === 'products' ? 'products' : null);

  const showErrors = (errs: Errors) => {
    setErrors(errs);
    const open = new Set(editing);
    for (const p of Object.keys(errs)) {
      const b = blockOf(fieldOfPath(p));
      if (b) open.add(b);
    }
    setEditing(open);
    // The first wrong field comes into view with the focus on it.
    window.setTimeout(() => {
      const el = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
      if (el) {
        el.scrollIntoView({ block: 'center', behavior: 'smooth' });
        el.focus({ preventScroll: true });
      }
    }, 60);
  };

  const cancel = () => {
    if (isNew) {
      onClose();
      return;
    }
    if (base) setDraft(base);
    rememberPlace();
    setEditing(new Set());
    setErrors({});
    setFormError(null);
  };

  const reload = async () => {
    setConflict(false);
    setEditing(new Set());
    setErrors({});
    setVersion(null);
    const r = await item.refetch();
    if (r.data) {
      const d = draftFrom(entity, r.data);
      setDraft(d);
      setBase(d);
      setVersion(r.data.version);
    }
  };

  const afterSaved = (saved: CrmItem) => {
    qc.setQueryData(itemKey(entity, saved.id), saved);
    void qc.invalidateQueries({ queryKey: entityKey(entity), predicate: (q) => q.queryKey[2] !== 'item' });
    void qc.invalidateQueries({ queryKey: ['crm', entity, 'timeline', saved.id] });
    // Linked items show this one's name and amount.
    for (const other of ['company', 'contact', 'deal', 'lead'] as EntityType[]) if (other !== entity) void qc.invalidateQueries({ queryKey: ['crm', other, 'item'] });
  };

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    const { body, errors: local } = bodyFrom(entity, draft, isNew ? null : base, { money: t('fields.moneyInvalid'), required: t('card.required'), number: t('fields.numberInvalid') });
    for (const d of defs) {
      const v = draft.custom[d.code];
      if (d.required && d.canEdit && (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) && (isNew || (base && JSON.stringify(base.custom[d.code]) !== JSON.stringify(v)))) local[`custom.${d.code}`] = t('card.required');
    }
    if (Object.keys(local).length) {
      showErrors(local);
      return;
    }
    if (!isNew && Object.keys(body).length === 0) {
      rememberPlace();
      setEditing(new Set());
      return;
    }
    setSaving(true);
    setFormError(null);
    try {
      if (isNew) {
        const created = await createItem<CrmItem>(entity, body);
        afterSaved(created);
        showUndoable(t('card.created', { title: created.title || `#${created.id}` }));
        const d = draftFrom(entity, created);
        setDraft(d);
        setBase(d);
        setVersion(created.version);
        setEditing(new Set());
        navigate(cardPath(entity, created.id), { replace: true, state: location.state });
      } else {
        const updated = await updateItem<CrmItem>(entity, id, { ...body, version });
        setVersion(updated.version);
        const d = draftFrom(entity, updated);
        setDraft(d);
        setBase(d);
        rememberPlace();
        setEditing(new Set());
        setErrors({});
        afterSaved(updated);
        showUndoable(t('card.saved'));
      }
    } catch (err) {
      if (isApiError(err) && err.status === 409) setConflict(true);
      else {
        // The form kit: field errors beside the fields the card shows, the rest above the form.
        const split = splitServerErrors(err, (p) => blockOf(fieldOfPath(p)) !== null, canonicalPath);
        if (Object.keys(split.fields).length) showErrors(split.fields);
        setFormError(split.general);
      }
    } finally {
      setSaving(false);
    }
  };

  const moveStage = async (stage: Stage) => {
    if (isNew || !data || version === null) {
      set(entity === 'lead' ? 'status' : 'stage', stage.id);
      return;
    }
    setMoving(true);
    const prev = entity === 'lead' ? draft.status : draft.stage;
    setDraft((d) => ({ ...d, [entity === 'lead' ? 'status' : 'stage']: stage.id }));
    try {
      const r = entity === 'lead' ? await setLeadStatus(id, stage.id, version) : await moveDealStage(id, stage.id, version);
      const nextVersion = typeof r?.version === 'number' ? r.version : version + 1;
      setVersion(nextVersion);
      setBase((b) => (b ? { ...b, [entity === 'lead' ? 'status' : 'stage']: stage.id } : b));
      if (r && typeof r === 'object' && 'abilities' in r && 'title' in r) qc.setQueryData(itemKey(entity, id), r);
      else void item.refetch();
      void qc.invalidateQueries({ queryKey: entityKey(entity), predicate: (q) => q.queryKey[2] !== 'item' });
      void qc.invalidateQueries({ queryKey: ['crm', entity, 'timeline', id] });
      showUndoable(t('card.stageMoved', { stage: stage.name }), prev ? () => void moveBack(prev) : undefined);
    } catch (err) {
      setDraft((d) => ({ ...d, [entity === 'lead' ? 'status' : 'stage']: prev }));
      if (isApiError(err) && err.status === 409) setConflict(true);
      else showError(err);
    } finally {
      setMoving(false);
    }
  };
  const moveBack = async (stageId: number) => {
    const s = stages.find((x) => x.id === stageId);
    if (s) await moveStage(s);
  };

  const remove = async () => {
    if (!data) return;
    const snapshot = data;
    try {
      await deleteItem(entity, id);
      qc.removeQueries({ queryKey: itemKey(entity, id) });
      void qc.invalidateQueries({ queryKey: entityKey(entity) });
      setConfirmDelete(false);
      showUndoable(t('card.deleted', { title: snapshot.title }), async () => {
        try {
          await createItem(entity, recreateBody(entity, snapshot));
          void qc.invalidateQueries({ queryKey: entityKey(entity) });
          showUndoable(t('list.restored'));
        } catch (e) {
          showError(e);
        }
      });
      onClose();
    } catch (e) {
      showError(e);
    }
  };

  const copy = async () => {
    try {
      const r = await copyItem(entity, id);
      void qc.invalidateQueries({ queryKey: entityKey(entity) });
      showUndoable(t('list.copied'));
      openCard(entity, r.id);
    } catch (e) {
      showError(e);
    }
  };

  if (!isNew && item.isError) {
    return (
      <div className={classes.cardShell}>
        <Group justify="flex-end" p="sm">
          <ActionIcon variant="subtle" color="gray" aria-label={t('card.close')} onClick={onClose}>
            <IconX size={18} />
          </ActionIcon>
        </Group>
        <EmptyState
          icon={<IconAlertTriangle size={30} />}
          title={isApiError(item.error) && (item.error.status === 404 || item.error.status === 403) ? t('card.notFound') : item.error.message}
        />
      </div>
    );
  }
  if (!isNew && !data) return <CardSkeleton onClose={onClose} />;

  const lead = entity === 'lead' ? (data as Lead | null) : null;
  const shareUrl = `${window.location.origin}${appHref(cardPath(entity, id))}`;
  const listPath = entity === 'deal' ? '/crm/deal' : `/crm/${entity}/list`;
  const inSlider = mode === 'slider';
  const bg = sliderState(location.state);

  return (
    <div className={classes.cardShell}>
      <header ref={headerRef} className={classes.cardHeader} style={mode === 'page' ? { top: 56 } : undefined}>
        {mode === 'page' && !bg ? (
          <Anchor component={Link} to={listPath} size="sm" mb={6} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
            <IconArrowLeft size={14} /> {t('card.backToList')}
          </Anchor>
        ) : null}
        <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
          <Group gap="sm" wrap="wrap" style={{ minWidth: 0, flex: 1 }}>
            <Title order={2} fz={22} fw={600} style={{ overflowWrap: 'break-word', minWidth: 0, maxWidth: '100%' }}>
              {title}
            </Title>
            {!isNew ? (
              <Badge variant="light" color="gray" radius="sm" style={{ flex: 'none' }}>
                {t(`entity.${entity}.one`)} #{id}
              </Badge>
            ) : null}
            {lead?.convertedAt ? (
              <Badge color="teal" variant="light" style={{ flex: 'none' }}>
                {t('convert.already')}
              </Badge>
            ) : null}
          </Group>
          <Group gap={6} wrap="nowrap" style={{ flex: 'none' }}>
            {lead && !lead.convertedAt && canEdit ? (
              <Button size="xs" leftSection={<IconArrowsExchange size={15} />} onClick={() => setConvertOpen(true)}>
                {t('convert.button')}
              </Button>
            ) : null}
            {!isNew ? (
              <CopyButton value={shareUrl}>
                {({ copied, copy: doCopy }) => (
                  <Tooltip label={copied ? t('card.linkCopied') : t('card.copyLink')}>
                    <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} aria-label={t('card.copyLink')} onClick={doCopy}>
                      {copied ? <IconCheck size={18} /> : <IconLink size={18} />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            ) : null}
            {inSlider && !isNew ? (
              <Tooltip label={t('card.openPage')}>
                <ActionIcon variant="subtle" color="gray" aria-label={t('card.openPage')} component="a" href={appHref(cardPath(entity, id))} target="_blank" rel="noopener">
                  <IconExternalLink size={18} />
                </ActionIcon>
              </Tooltip>
            ) : null}
            {!isNew && (rights.can(entity, 'add') || canDelete) ? (
              <Menu position="bottom-end" withinPortal shadow="md" zIndex={400}>
                <Menu.Target>
                  <ActionIcon variant="subtle" color="gray" aria-label={t('common.actions')}>
                    <IconDotsVertical size={18} />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  {rights.can(entity, 'add') ? (
                    <Menu.Item leftSection={<IconCopy size={16} />} onClick={() => void copy()}>
                      {t('card.copy')}
                    </Menu.Item>
                  ) : null}
                  {canDelete ? (
                    <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => setConfirmDelete(true)}>
                      {t('card.delete')}
                    </Menu.Item>
                  ) : null}
                </Menu.Dropdown>
              </Menu>
            ) : null}
            {inSlider ? (
              <ActionIcon variant="subtle" color="gray" aria-label={t('card.close')} onClick={onClose}>
                <IconX size={20} />
              </ActionIcon>
            ) : null}
          </Group>
        </Group>
        {stages.length ? (
          <div style={{ marginTop: 12 }}>
            <StageBar stages={stages} current={entity === 'lead' ? draft.status : draft.stage} onMove={(s) => void moveStage(s)} disabled={!canEdit || moving || Boolean(lead?.convertedAt)} />
          </div>
        ) : null}
        {conflict ? (
          <Alert color="orange" mt="sm" icon={<IconAlertTriangle size={18} />} title={t('card.conflict')} role="alert">
            <Group justify="space-between" gap="sm">
              <Text size="sm">{t('card.conflictHint')}</Text>
              <Button size="xs" variant="filled" color="orange" leftSection={<IconRefresh size={14} />} onClick={() => void reload()}>
                {t('card.reload')}
              </Button>
            </Group>
          </Alert>
        ) : null}
      </header>

      <div className={classes.cardColumns}>
        <Card ref={formRef} style={{ overflow: 'visible' }} component="form" onSubmit={(e: FormEvent) => void save(e)} noValidate aria-label={title}>
          <Stack gap="lg">
            <FormError message={formError} />
            {blocks.map((b, i) => {
              const on = isNew || editing.has(b.id);
              return (
                <section key={b.id} className={classes.block} aria-label={b.title} data-block={b.id} data-editing={on || undefined}>
                  {i > 0 ? <Divider mb="md" /> : null}
                  <Group justify="space-between" mb="xs">
                    <Text size="xs" fw={700} tt="uppercase" c="gray.7" style={{ letterSpacing: '0.04em' }}>
                      {b.title}
                    </Text>
                    {canEdit && !on ? (
                      <Button variant="subtle" size="compact-xs" leftSection={<IconPencil size={12} />} onClick={() => setEditing((s) => new Set(s).add(b.id))} aria-label={t('card.editBlock', { title: b.title })}>
                        {t('card.edit')}
                      </Button>
                    ) : null}
                  </Group>
                  {on ? (
                    <Stack gap="sm">
                      {b.fields.map((k) => (
                        <FieldEditor key={k} k={k} ctx={ctx} autoFocus={focusKey === k} />
                      ))}
                    </Stack>
                  ) : (
                    <Stack gap={2}>
                      {b.fields.map((k) => (
                        <FieldRow
                          key={k}
                          k={k}
                          ctx={ctx}
                          canEdit={canEdit && (!defMap.get(k) || defMap.get(k)!.canEdit)}
                          onEdit={() => {
                            setFocusKey(k);
                            setEditing((s) => new Set(s).add(b.id));
                          }}
                        />
                      ))}
                    </Stack>
                  )}
                </section>
              );
            })}
            {entity === 'deal' ? (
              <section aria-label={t('products.title')} data-block="products" data-editing={isNew || editing.has('products') || undefined}>
                <Divider mb="md" />
                <Text size="xs" fw={700} tt="uppercase" c="gray.7" mb="xs" style={{ letterSpacing: '0.04em' }}>
                  {t('products.title')}
                </Text>
                <Products
                  value={draft.products}
                  currency={draft.amount.currency}
                  onChange={(v) => set('products', v)}
                  errors={errors}
                  clear={clear}
                  editing={isNew || editing.has('products')}
                  onEdit={() => setEditing((s) => new Set(s).add('products'))}
                  canEdit={canEdit}
                />
              </section>
            ) : null}
          </Stack>
          {editingAny && canEdit ? <SaveBar saving={saving} onCancel={cancel} /> : null}
        </Card>
        <Stack gap="md">
          {!isNew ? <Linked entity={entity} item={data} /> : null}
          <Timeline entity={entity} id={id} />
        </Stack>
      </div>

      <ConfirmDialog
        opened={confirmDelete}
        title={t('list.deleteTitle')}
        message={t('list.deleteOne', { title })}
        onConfirm={remove}
        onClose={() => setConfirmDelete(false)}
      />
      {lead ? (
        <ConvertDialog
          lead={lead}
          opened={convertOpen}
          onClose={() => setConvertOpen(false)}
          onDone={(r) => {
            setConvertOpen(false);
            void item.refetch();
            if (r.deal) openCard('deal', r.deal);
          }}
        />
      ) : null}
    </div>
  );
}

function CardSkeleton({ onClose }: { onClose: () => void }) {
  const { t } = useCrmT();
  return (
    <div className={classes.cardShell} aria-busy="true">
      <header className={classes.cardHeader}>
        <Group justify="space-between">
          <Skeleton h={26} w={280} />
          <ActionIcon variant="subtle" color="gray" aria-label={t('card.close')} onClick={onClose}>
            <IconX size={20} />
          </ActionIcon>
        </Group>
        <Skeleton h={30} mt={12} />
      </header>
      <div className={classes.cardColumns}>
        <Card>
          <Stack gap="md">
            {Array.from({ length: 7 }, (_, i) => (
              <div key={i}>
                <Skeleton h={10} w={90} mb={6} />
                <Skeleton h={14} w={`${50 + (i % 3) * 15}%`} />
              </div>
            ))}
          </Stack>
        </Card>
        <Card>
          <Skeleton h={64} mb="md" />
          <Skeleton h={12} w="70%" mb={8} />
          <Skeleton h={12} w="50%" />
        </Card>
      </div>
    </div>
  );
}

