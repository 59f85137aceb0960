import { ActionIcon, Button, Card, Group, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconFolder, IconPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { ActionMenu } from '../../ui/ActionMenu';
import { FormError, useServerForm } from '../../ui/form-kit';
import { showSuccess } from '../../ui/toasts';
import { useDeleteSection, useSaveSection, type CatalogSection } from './api';
import { useCatalogT } from './i18n';
import classes from './catalog.module.css';

/** The value of the tree's selection: a section, «Без раздела» (0), or all products (undefined). */
export type SectionChoice = number | undefined;

type Dialog = { kind: 'create'; parentId: number | null } | { kind: 'rename'; section: CatalogSection } | { kind: 'delete'; section: CatalogSection } | null;

/** The catalogue's sections as a tree on the left of the list: picking one filters the list (with its subsections). */
export function SectionTree({ sections, value, onChange, canEdit }: { sections: CatalogSection[] | undefined; value: SectionChoice; onChange: (v: SectionChoice) => void; canEdit: boolean }) {
  const { t } = useCatalogT();
  const [collapsed, setCollapsed] = useState<Set<number>>(new Set());
  const [dialog, setDialog] = useState<Dialog>(null);
  const children = useMemo(() => {
    const m = new Map<number | null, CatalogSection[]>();
    for (const s of sections ?? []) m.set(s.parentId, [...(m.get(s.parentId) ?? []), s]);
    return m;
  }, [sections]);

  const node = (s: CatalogSection, depth: number) => {
    const kids = children.get(s.id) ?? [];
    const open = !collapsed.has(s.id);
    return (
      <li key={s.id} role="treeitem" aria-expanded={kids.length ? open : undefined} aria-selected={value === s.id}>
        <Group gap={2} wrap="nowrap" className={classes.treeRow} data-active={value === s.id || undefined} style={{ paddingLeft: depth * 14 }}>
          {kids.length ? (
            <ActionIcon
              size="sm"
              variant="subtle"
              color="gray"
              aria-label={t(open ? 'sections.collapse' : 'sections.expand', { name: s.name })}
              onClick={() =>
                setCollapsed((prev) => {
                  const next = new Set(prev);
                  if (next.has(s.id)) next.delete(s.id);
                  else next.add(s.id);
                  return next;
                })
              }
            >
              {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
            </ActionIcon>
          ) : (
            <span style={{ width: 22, flex: 'none' }} />
          )}
          <UnstyledButton className={classes.treeButton} onClick={() => onChange(s.id)}>
            <IconFolder size={16} color="var(--mantine-color-blue-5)" style={{ flex: 'none' }} />
            <Text size="sm" truncate>
              {s.name}
            </Text>
            <Text size="xs" c="dimmed" ml="auto">
              {s.productCount || ''}
            </Text>
          </UnstyledButton>
          {canEdit ? (
            <ActionMenu
              position="bottom-end"
              label={t('sections.actions', { name: s.name })}
              items={[
                { label: t('sections.addSub'), onClick: () => setDialog({ kind: 'create', parentId: s.id }) },
                { label: t('sections.rename'), onClick: () => setDialog({ kind: 'rename', section: s }) },
                { label: t('sections.delete'), color: 'red', onClick: () => setDialog({ kind: 'delete', section: s }) },
              ]}
            />
          ) : null}
        </Group>
        {kids.length && open ? <ul className={classes.tree}>{kids.map((k) => node(k, depth + 1))}</ul> : null}
      </li>
    );
  };

  return (
    <Card className={classes.treeCard} padding="sm">
      <Group justify="space-between" mb={6}>
        <Text fw={600} size="sm">
          {t('sections.title')}
        </Text>
        {canEdit ? (
          <ActionIcon variant="subtle" aria-label={t('sections.add')} onClick={() => setDialog({ kind: 'create', parentId: null })}>
            <IconPlus size={16} />
          </ActionIcon>
        ) : null}
      </Group>
      <Stack gap={0}>
        <UnstyledButton className={classes.treeButton} data-active={value === undefined || undefined} onClick={() => onChange(undefined)}>
          <Text size="sm" fw={500}>
            {t('sections.all')}
          </Text>
        </UnstyledButton>
        <ul className={classes.tree} role="tree" aria-label={t('sections.title')}>
          {(children.get(null) ?? []).map((s) => node(s, 0))}
        </ul>
        <UnstyledButton className={classes.treeButton} data-active={value === 0 || undefined} onClick={() => onChange(0)}>
          <Text size="sm" c="dimmed">
            {t('sections.none')}
          </Text>
        </UnstyledButton>
      </Stack>
      <SectionDialog dialog={dialog} onClose={() => setDialog(null)} onDeleted={(id) => value === id && onChange(undefined)} />
    </Card>
  );
}

function SectionDialog({ dialog, onClose, onDeleted }: { dialog: Dialog; onClose: () => void; onDeleted: (id: number) => void }) {
  const { t } = useCatalogT();
  const save = useSaveSection();
  const remove = useDeleteSection();
  const form = useServerForm();
  const [name, setName] = useState('');
  const [shownFor, setShownFor] = useState<Dialog>(null);
  if (dialog !== shownFor) {
    setShownFor(dialog);
    setName(dialog?.kind === 'rename' ? dialog.section.name : '');
    form.clear();
  }
  if (!dialog) return null;
  if (dialog.kind === 'delete') {
    return (
      <Modal opened onClose={onClose} title={t('sections.deleteTitle')} zIndex={300}>
        <Text size="sm">{t('sections.deleteText', { name: dialog.section.name })}</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel', { ns: 'crm' })}
          </Button>
          <Button
            color="red"
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(dialog.section.id, {
                onSuccess: () => {
                  showSuccess(t('sections.deleted'));
                  onDeleted(dialog.section.id);
                  onClose();
                },
              })
            }
          >
            {t('sections.delete')}
          </Button>
        </Group>
      </Modal>
    );
  }
  const submit = () =>
    save.mutate(dialog.kind === 'rename' ? { id: dialog.section.id, body: { name } } : { id: null, body: { name, parentId: dialog.parentId } }, {
      onSuccess: onClose,
      onError: (e) => form.fromError(e),
    });
  return (
    <Modal opened onClose={onClose} title={dialog.kind === 'rename' ? t('sections.renameTitle') : t('sections.newTitle')} zIndex={300}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack>
          <TextInput
            data-autofocus
            label={t('sections.name')}
            required
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              form.clear('name');
            }}
            error={form.errorOf('name') ?? form.errorOf('parentId')}
          />
          <FormError message={form.general} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel', { ns: 'crm' })}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('common.save', { ns: 'crm' })}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
