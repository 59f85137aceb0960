import { Button, Group, Modal, NavLink, ScrollArea, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { IconChevronRight, IconFolder, IconUsersGroup, IconBuilding, IconUser } from '@tabler/icons-react';
import { useCallback, useRef, useState, type ReactNode } from 'react';
import { isApiError } from '../../api/client';
import { showError } from '../../ui/toasts';
import { useStorages, useSubfolders } from './api';
import { useDriveT } from './i18n';

/** Asks for a name (a new folder, a rename); the server's refusal shows under the field. */
export function NameDialog({
  opened,
  title,
  label,
  initial,
  submitLabel,
  onClose,
  onSubmit,
}: {
  opened: boolean;
  title: string;
  label: string;
  initial: string;
  submitLabel: string;
  onClose: () => void;
  onSubmit: (name: string) => Promise<unknown>;
}) {
  const { t } = useDriveT();
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [shownFor, setShownFor] = useState<string | null>(null);
  if (opened && shownFor !== initial) {
    setShownFor(initial);
    setName(initial);
    setError(null);
  }
  if (!opened && shownFor !== null) setShownFor(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit(name.trim());
      onClose();
    } catch (e) {
      if (isApiError(e) && e.status < 500 && e.code !== 'name_taken') setError(e.fields[0]?.message ?? e.message);
      else if (!(isApiError(e) && e.code === 'name_taken')) showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal closeButtonProps={{ 'aria-label': t('close') }} opened={opened} onClose={onClose} title={title} size="sm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="md">
          <TextInput label={label} value={name} onChange={(e) => setName(e.currentTarget.value)} error={error} data-autofocus required onFocus={(e) => selectBase(e.currentTarget)} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!name.trim()}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Selects a file's name without its extension, as file managers do on rename. */
function selectBase(input: HTMLInputElement) {
  const dot = input.value.lastIndexOf('.');
  input.setSelectionRange(0, dot > 0 ? dot : input.value.length);
}

export type ConflictAnswer = 'replace' | 'keep-both';

/** «Такое название уже есть»: «Заменить» / «Сохранить обе»; a promise per question. */
export function useConflictDialog(upload = false): [(names: string[]) => Promise<ConflictAnswer | null>, ReactNode] {
  const { t } = useDriveT();
  const [names, setNames] = useState<string[] | null>(null);
  const resolver = useRef<((a: ConflictAnswer | null) => void) | null>(null);
  const ask = useCallback((n: string[]) => {
    setNames(n);
    return new Promise<ConflictAnswer | null>((resolve) => {
      resolver.current = resolve;
    });
  }, []);
  const answer = (a: ConflictAnswer | null) => {
    resolver.current?.(a);
    resolver.current = null;
    setNames(null);
  };
  const element = (
    <Modal closeButtonProps={{ 'aria-label': t('close') }} opened={names !== null} onClose={() => answer(null)} title={t('conflictTitle')} size="md" zIndex={400}>
      <Stack gap="md">
        <Text size="sm">{t(upload ? 'conflictUpload' : 'conflictText', { names: (names ?? []).map((n) => `«${n}»`).join(', ') })}</Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => answer(null)}>
            {t('cancel')}
          </Button>
          <Button variant="light" onClick={() => answer('keep-both')}>
            {t('keepBoth')}
          </Button>
          <Button onClick={() => answer('replace')} data-autofocus>
            {t('replace')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
  return [ask, element];
}

/** Runs a write that may meet a taken name; on 409 asks and runs it again with the answer. */
export async function withConflict<T>(run: (conflict: 'fail' | 'replace' | 'keep-both') => Promise<T>, ask: (names: string[]) => Promise<ConflictAnswer | null>): Promise<T | null> {
  try {
    return await run('fail');
  } catch (e) {
    if (!(isApiError(e) && e.code === 'name_taken')) throw e;
    const name = /«(.+)»/.exec(e.message)?.[1] ?? '';
    const answer = await ask([name]);
    if (!answer) return null;
    return run(answer);
  }
}

/** Chooses a folder on any drive the user may write to: drives at the top, then folders one level at a time. */
export function FolderPickerDialog({
  opened,
  title,
  submitLabel,
  exclude,
  onClose,
  onPick,
}: {
  opened: boolean;
  title: string;
  submitLabel: string;
  exclude?: number[];
  onClose: () => void;
  onPick: (folderId: number) => Promise<unknown>;
}) {
  const { t } = useDriveT();
  const storages = useStorages();
  const [trail, setTrail] = useState<{ id: number; name: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const at = trail[trail.length - 1] ?? null;
  const folders = useSubfolders(at?.id ?? null);
  const drives = storages.data ? [storages.data.my, storages.data.common, ...storages.data.groups].filter((s) => s.right !== 'read') : [];
  const iconOf = (kind: string) => (kind === 'user' ? <IconUser size={16} /> : kind === 'common' ? <IconBuilding size={16} /> : <IconUsersGroup size={16} />);
  const close = () => {
    setTrail([]);
    onClose();
  };
  return (
    <Modal closeButtonProps={{ 'aria-label': t('close') }} opened={opened} onClose={close} title={title} size="md">
      <Stack gap="sm">
        <Group gap={4} wrap="wrap" aria-label={t('path')} role="navigation">
          <Button size="compact-sm" variant="subtle" onClick={() => setTrail([])}>
            {t('title')}
          </Button>
          {trail.map((p, i) => (
            <Group key={p.id} gap={4} wrap="nowrap">
              <IconChevronRight size={14} color="var(--mantine-color-dimmed)" />
              <Button size="compact-sm" variant="subtle" onClick={() => setTrail(trail.slice(0, i + 1))}>
                {p.name}
              </Button>
            </Group>
          ))}
        </Group>
        <ScrollArea.Autosize mah={320} type="auto">
          <Stack gap={2} role="list" aria-label={t('list')}>
            {!at
              ? drives.map((s) => (
                  <NavLink
                    key={s.id}
                    role="listitem"
                    label={s.name}
                    leftSection={iconOf(s.kind)}
                    rightSection={<IconChevronRight size={14} />}
                    onClick={() => setTrail([{ id: s.rootId, name: s.name }])}
                  />
                ))
              : folders.isPending
                ? [1, 2, 3].map((i) => <Skeleton key={i} h={32} />)
                : (folders.data?.items ?? [])
                    .filter((f) => f.kind === 'folder' && !exclude?.includes(f.id))
                    .map((f) => (
                      <NavLink
                        key={f.id}
                        role="listitem"
                        label={f.name}
                        leftSection={<IconFolder size={16} color="var(--mantine-color-yellow-6)" />}
                        rightSection={<IconChevronRight size={14} />}
                        onClick={() => setTrail([...trail, { id: f.id, name: f.name }])}
                      />
                    ))}
          </Stack>
        </ScrollArea.Autosize>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close}>
            {t('cancel')}
          </Button>
          <Button
            disabled={!at}
            loading={busy}
            onClick={async () => {
              if (!at) return;
              setBusy(true);
              try {
                await onPick(at.id);
                close();
              } catch (e) {
                showError(e);
              } finally {
                setBusy(false);
              }
            }}
          >
            {at ? `${submitLabel}: «${at.name}»` : submitLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
