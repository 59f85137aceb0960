import { Button, Card, Group, Select, Skeleton, Text } from '@mantine/core';
import { IconArrowLeft, IconBriefcase, IconFlask, IconHistory, IconPlus, IconRobot } from '@tabler/icons-react';
import type { PipelineAutomation, Rule, RuleKind } from '@vavilon/contracts';
import { useState, type DragEvent } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { ApiError, isApiError } from '../../../api/client';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorState } from '../../../ui/ErrorState';
import { showError, showSuccess, showUndoable } from '../../../ui/toasts';
import { usePipelines } from '../../crm/api';
import { ConfirmDialog } from '../../crm/common';
import { usePipelineAutomation, useRuleMutations } from '../api';
import { AutomationPage } from '../AutomationPage';
import { autoT, useAutoT } from '../words';
import { DryRunPanel } from './DryRunPanel';
import { HistoryPanel } from './HistoryPanel';
import { RuleCard } from './RuleCard';
import { RuleFormModal, type FormTarget } from './RuleForm';
import { useFieldLookup } from './summary';
import css from './designer.module.css';

type Stage = PipelineAutomation['stages'][number];

/** A failed write outside a form: the conflict in the designer's words, anything else as the kit shows it. */
export function showAutomationError(error: unknown) {
  if (isApiError(error) && error.status === 409) showError(new ApiError(409, error.code, autoT('designer.conflict')));
  else showError(error);
}

/** CRM → Сделки → Роботы: the pipeline's stages as coloured columns with their triggers and robots. */
export default function DesignerPage() {
  const { t } = useAutoT();
  const { pipelineId: param } = useParams();
  const navigate = useNavigate();
  const pipelines = usePipelines();
  const list = pipelines.data ?? [];
  const wanted = Number(param);
  const pipeline = list.find((p) => p.id === wanted);
  const automation = usePipelineAutomation(pipeline ? pipeline.id : null);
  const [form, setForm] = useState<FormTarget | null>(null);
  const [history, setHistory] = useState(false);
  const [dry, setDry] = useState(false);

  if (pipelines.data && !pipeline) {
    const fallback = list.find((p) => p.isDefault) ?? list[0];
    if (fallback) return <Navigate to={`/crm/automation/${fallback.id}`} replace />;
  }

  const data = automation.data && automation.data.pipelineId === pipeline?.id ? automation.data : undefined;

  const toolbar = (
    <Group gap="sm" mb="md" wrap="wrap">
      <Group gap="sm">
        <Select
          aria-label={t('designer.pipeline')}
          data={list.map((p) => ({ value: String(p.id), label: p.name }))}
          value={pipeline ? String(pipeline.id) : null}
          onChange={(v) => v && navigate(`/crm/automation/${v}`)}
          allowDeselect={false}
          w={240}
          leftSection={<IconBriefcase size={16} />}
          disabled={!list.length}
        />
        <Button component={Link} to={pipeline ? `/crm/deal/kanban?pipeline=${pipeline.id}` : '/crm/deal'} variant="subtle" leftSection={<IconArrowLeft size={16} />}>
          {t('designer.backToDeals')}
        </Button>
      </Group>
    </Group>
  );

  const actions = (
    <>
      <Button variant="default" leftSection={<IconFlask size={16} />} onClick={() => setDry(true)} disabled={!data}>
        {t('designer.dryRun')}
      </Button>
      <Button variant="default" leftSection={<IconHistory size={16} />} onClick={() => setHistory(true)} disabled={!data}>
        {t('designer.history')}
      </Button>
    </>
  );

  const body = () => {
    if (pipelines.isError) return <ErrorState error={pipelines.error} onRetry={() => void pipelines.refetch()} />;
    if (pipelines.data && !list.length)
      return (
        <Card>
          <EmptyState
            icon={<IconRobot size={30} />}
            title={t('designer.noPipelines')}
            description={t('designer.noPipelinesHint')}
            action={
              <Button component={Link} to="/crm/settings" variant="light">
                {t('designer.toSettings')}
              </Button>
            }
          />
        </Card>
      );
    if (automation.isError && !data) return <ErrorState error={automation.error} onRetry={() => void automation.refetch()} />;
    if (!data) return <BoardSkeleton count={pipeline?.stages.length ?? 5} />;
    return <Board automation={data} onAdd={(kind, stageId) => setForm({ mode: 'new', kind, stageId })} onEdit={(rule) => setForm({ mode: 'edit', rule })} />;
  };

  return (
    <AutomationPage current="designer" pipelineId={pipeline?.id} actions={actions}>
      <Text size="sm" c="dimmed" mb="sm" maw={760}>
        {t('designer.hint')}
      </Text>
      {toolbar}
      {body()}
      {data ? (
        <>
          <RuleFormModal target={form} automation={data} onClose={() => setForm(null)} />
          <HistoryPanel opened={history} onClose={() => setHistory(false)} automation={data} />
          <DryRunPanel opened={dry} onClose={() => setDry(false)} automation={data} />
        </>
      ) : null}
    </AutomationPage>
  );
}

function BoardSkeleton({ count }: { count: number }) {
  return (
    <div className={css.board} aria-busy="true">
      {Array.from({ length: Math.max(3, Math.min(count, 7)) }, (_, i) => (
        <div key={i} className={css.column}>
          <Skeleton h={40} radius={0} style={{ margin: '0 -8px', width: 'calc(100% + 16px)', borderRadius: '10px 10px 0 0' }} />
          {Array.from({ length: 1 + (i % 3) }, (_, j) => (
            <Skeleton key={j} h={74} radius="md" />
          ))}
          <Skeleton h={28} w="60%" radius="md" />
        </div>
      ))}
    </div>
  );
}

type DragState = { id: number; stageId: number; kind: RuleKind } | null;

const NO_DRAG = { dragging: false, over: false, onDragStart: (e: DragEvent) => e.preventDefault(), onDragEnd: () => undefined, onDragOver: () => undefined, onDrop: () => undefined };

function Board({ automation, onAdd, onEdit }: { automation: PipelineAutomation; onAdd: (kind: RuleKind, stageId: number) => void; onEdit: (rule: Rule) => void }) {
  const { t } = useAutoT();
  const m = useRuleMutations(automation.pipelineId);
  const lookup = useFieldLookup();
  const [drag, setDrag] = useState<DragState>(null);
  const [over, setOver] = useState<number | 'end' | null>(null);
  const [removing, setRemoving] = useState<Rule | null>(null);
  // The order shown while a reorder is on its way (so the card does not jump back and forth).
  const [pending, setPending] = useState<Record<string, number[]>>({});
  // Rules whose stage was deleted (when the server reports them): shown apart, to be removed or re-pointed.
  const detached = (automation as PipelineAutomation & { detached?: Rule[] }).detached ?? [];

  const ordered = (stage: Stage, kind: RuleKind) => {
    const rules = kind === 'robot' ? stage.robots : stage.triggers;
    const ids = pending[`${stage.id}:${kind}`];
    if (!ids) return rules;
    const byId = new Map(rules.map((r) => [r.id, r]));
    const out = ids.map((id) => byId.get(id)).filter((r): r is Rule => !!r);
    return out.length === rules.length ? out : rules;
  };

  const reorder = async (stage: Stage, kind: RuleKind, ids: number[]) => {
    const key = `${stage.id}:${kind}`;
    setPending((p) => ({ ...p, [key]: ids }));
    try {
      await m.order.mutateAsync({ stageId: stage.id, kind, ids, version: automation.version });
      showSuccess(t('designer.moved'));
    } catch (error) {
      showAutomationError(error);
    } finally {
      setPending((p) => {
        const rest = { ...p };
        delete rest[key];
        return rest;
      });
    }
  };

  const move = (stage: Stage, kind: RuleKind, from: number, to: number) => {
    const ids = ordered(stage, kind).map((r) => r.id);
    const [id] = ids.splice(from, 1);
    ids.splice(to, 0, id);
    void reorder(stage, kind, ids);
    // Keep the keyboard user on the card they moved.
    window.setTimeout(() => document.querySelector<HTMLElement>(`[data-rule-id="${id}"] button[aria-label^="${t(to < from ? 'designer.moveUp' : 'designer.moveDown')}"]:not([disabled])`)?.focus(), 50);
  };

  const remove = async (rule: Rule) => {
    const before = automation.version;
    try {
      const done = await m.remove.mutateAsync({ id: rule.id, version: before });
      setRemoving(null);
      // Undo: back to the version before the deletion.
      showUndoable(t('designer.removed', { name: rule.name }), async () => {
        try {
          await m.restore.mutateAsync({ number: before, version: done?.version });
        } catch (error) {
          showAutomationError(error);
        }
      });
    } catch (error) {
      setRemoving(null);
      showAutomationError(error);
    }
  };

  const section = (stage: Stage, kind: RuleKind) => {
    const rules = ordered(stage, kind);
    const dropOn = (index: number | 'end') => (e: DragEvent) => {
      if (!drag || drag.stageId !== stage.id || drag.kind !== kind) return;
      e.preventDefault();
      const ids = rules.map((r) => r.id).filter((id) => id !== drag.id);
      const target = index === 'end' ? ids.length : ids.indexOf(rules[index].id);
      ids.splice(target < 0 ? ids.length : target, 0, drag.id);
      setDrag(null);
      setOver(null);
      if (ids.join() !== rules.map((r) => r.id).join()) void reorder(stage, kind, ids);
    };
    return (
      <div className={css.section}>
        <div className={css.sectionTitle}>{t(kind === 'robot' ? 'designer.robots' : 'designer.triggers')}</div>
        <div
          role="list"
          aria-label={`${t(kind === 'robot' ? 'designer.robots' : 'designer.triggers')}: ${stage.name}`}
          className={css.section}
          onDragOver={(e) => {
            if (drag && drag.stageId === stage.id && drag.kind === kind) {
              e.preventDefault();
              if (e.target === e.currentTarget) setOver('end');
            }
          }}
          onDrop={dropOn('end')}
        >
          {rules.map((rule, i) => (
            <RuleCard
              key={rule.id}
              rule={rule}
              lookup={lookup}
              onEdit={() => onEdit(rule)}
              onRemove={() => setRemoving(rule)}
              moves={{ up: i > 0 ? () => move(stage, kind, i, i - 1) : undefined, down: i < rules.length - 1 ? () => move(stage, kind, i, i + 1) : undefined }}
              drag={{
                dragging: drag?.id === rule.id,
                over: over === rule.id && drag?.id !== rule.id,
                onDragStart: (e) => {
                  e.dataTransfer.effectAllowed = 'move';
                  e.dataTransfer.setData('text/plain', String(rule.id));
                  setDrag({ id: rule.id, stageId: stage.id, kind });
                },
                onDragEnd: () => {
                  setDrag(null);
                  setOver(null);
                },
                onDragOver: (e) => {
                  if (drag && drag.stageId === stage.id && drag.kind === kind) {
                    e.preventDefault();
                    e.stopPropagation();
                    setOver(rule.id);
                  }
                },
                onDrop: (e) => {
                  e.stopPropagation();
                  dropOn(i)(e);
                },
              }}
            />
          ))}
          {kind === 'robot' && !rules.length ? <div className={css.emptyColumn}>{t('designer.emptyColumn')}</div> : null}
        </div>
        <Button
          variant="subtle"
          size="compact-sm"
          color={kind === 'trigger' ? 'orange' : 'blue'}
          className={css.add}
          justify="flex-start"
          leftSection={<IconPlus size={14} />}
          onClick={() => onAdd(kind, stage.id)}
          aria-label={`${t(kind === 'robot' ? 'designer.addRobot' : 'designer.addTrigger')}: ${stage.name}`}
        >
          {t(kind === 'robot' ? 'designer.addRobot' : 'designer.addTrigger')}
        </Button>
      </div>
    );
  };

  return (
    <>
      <div className={css.board}>
        {automation.stages.map((stage) => (
          <section key={stage.id} className={css.column} aria-label={t('designer.columnLabel', { name: stage.name })}>
            <div className={css.columnHead} style={{ background: stage.color || '#2fc6f6' }}>
              <span title={stage.name}>{stage.name}</span>
              <Text component="span" size="xs" fw={500} style={{ opacity: 0.9, flex: 'none' }}>
                {stage.kind === 'progress' ? t('designer.count', { count: stage.robots.length }) : t(`designer.${stage.kind}`)}
              </Text>
            </div>
            {section(stage, 'trigger')}
            {section(stage, 'robot')}
          </section>
        ))}
        {detached.length ? (
          <section className={css.column} aria-label={t('designer.detached')}>
            <div className={css.columnHead} style={{ background: '#8a96a3' }}>
              <span>{t('designer.detached')}</span>
            </div>
            <Text size="xs" c="dimmed" px={2}>
              {t('designer.detachedHint')}
            </Text>
            <div role="list" aria-label={t('designer.detached')} className={css.section}>
              {detached.map((rule) => (
                <RuleCard key={rule.id} rule={rule} lookup={lookup} moves={{}} onEdit={() => onEdit(rule)} onRemove={() => setRemoving(rule)} drag={NO_DRAG} />
              ))}
            </div>
          </section>
        ) : null}
      </div>
      <ConfirmDialog
        opened={removing !== null}
        title={removing ? t('designer.removeTitle', { name: removing.name }) : ''}
        message={removing?.kind === 'trigger' ? t('designer.removeTriggerText') : t('designer.removeText')}
        confirmLabel={t('designer.remove')}
        onConfirm={() => (removing ? remove(removing) : undefined)}
        onClose={() => setRemoving(null)}
      />
    </>
  );
}
