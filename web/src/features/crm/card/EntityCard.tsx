import { Badge, Button, Stack } from '@mantine/core';
import { IconArrowsExchange, IconCopy, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { appHref } from '../../../api/portal';
import { isApiError } from '../../../api/client';
import { splitServerErrors } from '../../../ui/form-kit';
import { RecordCard, RecordCardError, RecordCardSkeleton, RecordForm, RecordSection, useKeepPlace, useRecordDraft, type RecordMenuItem } from '../../../ui/record-card';
import { showError } from '../../../ui/toasts';
import { useDocumentTitle } from '../../../ui/use-document-title';
import { copyItem, createItem, deleteItem, entityKey, itemKey, moveDealStage, setLeadStatus, updateItem, useFields, useIndustries, useItem, useLayout, useLeadStatuses, usePipelines } from '../api';
import { ConfirmDialog, showUndoable } from '../common';
import { crmT, useCrmT } from '../i18n';
import { cardPath, sliderState, useOpenCard } from '../navigation';
import { useCrmRights } from '../permissions';
import { useSession } from '../../auth/session';
import type { CrmItem, Deal, EntityType, FieldDef, Layout, Lead, Stage } from '../types';
import { ConvertDialog } from './ConvertDialog';
import { canonicalField, FieldEditor, FieldRow, type Errors, type FieldContext } from './fields';
import { Linked } from './Linked';
import { bodyFrom, canonicalPath, draftFrom, emptyDraft, fieldOfPath, productsSums, productsTotal, type Draft } from './model';
import { restoreFromTrash } from '../trash/api';
import { InBase } from '../currencies/InBase';
import { Products } from './Products';
import { StageBar } from './StageBar';
import { Timeline } from './Timeline';
import { RequestDialog, RESULTS_BLOCK, ResultsBlock } from '../../automation/results';
import { DuplicateWarning } from '../duplicates/DuplicateWarning';

type Block = { id: string; title: string; fields: string[] };

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

  const [editing, setEditing] = useState<Set<string>>(new Set());
  const editingAny = isNew || editing.size > 0;
  const rec = useRecordDraft({ data, toDraft: (d: CrmItem) => draftFrom(entity, d), initial, editing: editingAny });
  const { draft, setDraft, base, setBase, version, setVersion, conflict, setConflict } = rec;
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [moving, setMoving] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [convertOpen, setConvertOpen] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const headerRef = useRef<HTMLElement>(null);
  const place = useKeepPlace(formRef, headerRef, editing.size);
  const rememberPlace = place.remember;

  const dirty = isNew ? true : rec.dirty;
  // A new card counts as changed once anything beyond its defaults (stage, responsible) is typed.
  const typedIntoNew = useMemo(() => {
    if (!isNew) return false;
    const strip = (d: Draft) => JSON.stringify({ ...d, stage: null, status: null, pipeline: null, responsible: null, company: null, companies: [] });
    return strip(draft) !== strip(emptyDraft()) && strip(draft) !== strip({ ...emptyDraft(), title: search.get('title') ?? '' });
  }, [draft, isNew]);
  useEffect(() => onDirtyChange?.(isNew ? typedIntoNew : dirty), [dirty, isNew, typedIntoNew]);

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

  // «?edit=1» (after «Объединить и редактировать»): the card opens with every section in edit mode, once.
  const openedForEdit = useRef(false);
  useEffect(() => {
    if (openedForEdit.current || isNew || search.get('edit') !== '1' || !data || !canEdit || layout.isPending || fields.isPending) return;
    openedForEdit.current = true;
    setEditing(new Set(blocks.map((b) => b.id)));
  }, [isNew, search, data, canEdit, layout.isPending, fields.isPending, blocks]);

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
      // The amount follows the rows unless typed by hand; typing it while rows exist sets it by hand.
      if (k === 'products' && !n.amountManual) {
        const list = v as Draft['products'];
        if (list.length) n.amount = { ...n.amount, value: productsTotal(list).replace(/\.00$/, '') };
      }
      if (k === 'products' && !(v as Draft['products']).length) n.amountManual = false;
      if (k === 'amount' && n.products.length && (v as Draft['amount']).value !== d.amount.value) n.amountManual = true;
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
    if (r.data) rec.accept(r.data);
  };

  // «Оставить мои»: the newest version becomes the base of the next save; what the user typed stays.
  const keepMine = async () => {
    const r = await item.refetch();
    rec.keepMine(r.data ?? null);
  };

  const afterSaved = (saved: CrmItem) => {
    qc.setQueryData(itemKey(entity, saved.id), saved);
    void qc.invalidateQueries({ queryKey: entityKey(entity), predicate: (q) => q.queryKey[2] !== 'item' });
    void qc.invalidateQueries({ queryKey: ['crm', entity, 'timeline', saved.id] });
    // Linked items show this one's name and amount.
    for (const other of ['company', 'contact', 'deal', 'lead'] as EntityType[]) if (other !== entity) void qc.invalidateQueries({ queryKey: ['crm', other, 'item'] });
  };

  const save = async () => {
    const { body, errors: local } = bodyFrom(entity, draft, isNew ? null : base, { money: t('fields.moneyInvalid'), required: t('card.required'), number: t('fields.numberInvalid') });
    for (const d of defs) {
      const v = draft.custom[d.code];
      if (d.required && d.canEdit && (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) && (isNew || (base && JSON.stringify(base.custom[d.code]) !== JSON.stringify(v))))
        local[`custom.${d.code}`] = t('card.required');
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
          await restoreFromTrash([{ type: entity, id }]);
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
    return <RecordCardError message={isApiError(item.error) && (item.error.status === 404 || item.error.status === 403) ? undefined : item.error.message} onClose={onClose} />;
  }
  if (!isNew && !data) return <RecordCardSkeleton onClose={onClose} />;

  const lead = entity === 'lead' ? (data as Lead | null) : null;
  const shareUrl = `${window.location.origin}${appHref(cardPath(entity, id))}`;
  const listPath = entity === 'deal' ? '/crm/deal' : `/crm/${entity}/list`;
  const bg = sliderState(location.state);

  const menu: RecordMenuItem[] = [];
  if (!isNew && rights.can(entity, 'add')) menu.push({ label: t('card.copy'), icon: <IconCopy size={16} />, onClick: () => void copy() });
  if (canDelete) menu.push({ label: t('card.delete'), icon: <IconTrash size={16} />, color: 'red', onClick: () => setConfirmDelete(true) });

  return (
    <>
      <RecordCard
        mode={mode}
        title={title}
        headerRef={headerRef}
        onClose={onClose}
        backTo={bg ? undefined : listPath}
        shareUrl={isNew ? undefined : shareUrl}
        menu={menu}
        badges={
          <>
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
          </>
        }
        actions={
          lead && !lead.convertedAt && canEdit ? (
            <Button size="xs" leftSection={<IconArrowsExchange size={15} />} onClick={() => setConvertOpen(true)}>
              {t('convert.button')}
            </Button>
          ) : null
        }
        headerExtra={
          stages.length ? (
            <StageBar stages={stages} current={entity === 'lead' ? draft.status : draft.stage} onMove={(s) => void moveStage(s)} disabled={!canEdit || moving || Boolean(lead?.convertedAt)} />
          ) : null
        }
        conflict={conflict ? { onReload: () => void reload(), onKeepMine: editingAny && !isNew ? () => void keepMine() : undefined } : null}
        aside={
          <>
            {/* Beside the fields being typed, not under them: seen while the phone or name is entered. */}
            {(entity === 'contact' || entity === 'company') && editingAny && canEdit ? <DuplicateWarning type={entity} draft={draft} id={id} /> : null}
            {!isNew ? <Linked entity={entity} item={data} /> : null}
            <Timeline entity={entity} id={id} />
          </>
        }
      >
        <RecordForm
          label={title}
          formRef={formRef}
          onSubmit={() => void save()}
          onEscape={!isNew && editing.size && !dirty ? cancel : undefined}
          showSaveBar={editingAny && canEdit}
          saving={saving}
          onCancel={cancel}
          formError={formError}
        >
          {blocks.map((b, i) => {
            // «Результаты» of «Воронка обзвона»: applied at once through the automation's results route.
            if (entity === 'deal' && b.id === RESULTS_BLOCK) {
              if (isNew || !data) return null;
              return <ResultsBlock key={b.id} id={b.id} title={b.title} first={i === 0} deal={data as Deal} fields={b.fields.flatMap((k) => defMap.get(k) ?? [])} canEdit={canEdit} />;
            }
            const on = isNew || editing.has(b.id);
            return (
              <RecordSection key={b.id} id={b.id} title={b.title} first={i === 0} editing={on} onEdit={canEdit ? () => setEditing((s) => new Set(s).add(b.id)) : undefined}>
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
              </RecordSection>
            );
          })}
          {entity === 'deal' || entity === 'lead' ? (
            <RecordSection id="products" title={t('products.title')} editing={isNew || editing.has('products')}>
              <Products
                value={draft.products}
                currency={draft.amount.currency}
                onChange={(v) => set('products', v)}
                errors={errors}
                clear={clear}
                editing={isNew || editing.has('products')}
                onEdit={() => setEditing((s) => new Set(s).add('products'))}
                canEdit={canEdit}
                amountManual={draft.amountManual}
                amount={draft.amount.value}
                onRecalc={() => {
                  setDraft((d) => ({ ...d, amountManual: false, amount: { ...d.amount, value: productsTotal(d.products).replace(/\.00$/, '') } }));
                  setEditing((s) => new Set(s).add('products'));
                }}
              />
              <InBase minor={productsSums(draft.products).total} currency={draft.amount.currency} />
            </RecordSection>
          ) : null}
        </RecordForm>
      </RecordCard>

      {entity === 'deal' && !isNew ? <RequestDialog dealId={id} /> : null}
      <ConfirmDialog opened={confirmDelete} title={t('list.deleteTitle')} message={t('list.deleteOne', { title })} onConfirm={remove} onClose={() => setConfirmDelete(false)} />
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
    </>
  );
}
