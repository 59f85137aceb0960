import { ActionIcon, Anchor, Button, FileButton, Group, Menu, Progress, Text, Tooltip } from '@mantine/core';
import { IconChevronDown, IconDeviceDesktop, IconFolder, IconPaperclip, IconX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { FileInfo } from '@vavilon/contracts';
import { Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { api, uploadWithProgress, withQuery } from '../../api/client';
import { portalHeaderValue } from '../../api/portal';
import { useKitT } from '../kit-i18n';
import classes from './comments.module.css';
import { useAttachSources, type AttachSource } from './attach-sources';

/** The download address of a portal file: a plain link, so the portal rides in the query where no header can. */
export function fileUrl(id: number): string {
  return withQuery(`/api/files/${id}`, { portal: portalHeaderValue() });
}

export function formatSize(bytes: number, lang: string): string {
  const units = lang === 'en' ? ['B', 'KB', 'MB', 'GB'] : ['Б', 'КБ', 'МБ', 'ГБ'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toLocaleString(lang === 'en' ? 'en-US' : 'ru-RU', { maximumFractionDigits: i ? 1 : 0 })} ${units[i]}`;
}

/** A file as a download link with its size. */
export function FileLink({ file }: { file: FileInfo }) {
  const { i18n } = useKitT();
  return (
    <Group gap={4} wrap="nowrap">
      <IconPaperclip size={14} aria-hidden />
      <Anchor href={fileUrl(file.id)} download={file.name} size="sm" style={{ wordBreak: 'break-all' }}>
        {file.name}
      </Anchor>
      <Text span size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {formatSize(file.size, i18n.language)}
      </Text>
    </Group>
  );
}

/** A file known only by its id (a custom field's value): its name is asked of the server. */
export function FileIdLink({ id }: { id: number }) {
  const meta = useQuery({ queryKey: ['files', id, 'meta'], queryFn: () => api.get<FileInfo>(`/api/files/${id}/meta`), retry: false, staleTime: 300_000 });
  if (meta.data) return <FileLink file={meta.data} />;
  return (
    <Anchor href={fileUrl(id)} size="sm">
      #{id}
    </Anchor>
  );
}

export interface UploadItem {
  key: string;
  name: string;
  progress: number;
  file: FileInfo | null;
  error: string | null;
  abort: () => void;
}

/** Files being sent to POST /api/files with their progress; finished ones carry the server's FileInfo. */
export function useUploads(onDone?: (file: FileInfo) => void) {
  const [items, setItems] = useState<UploadItem[]>([]);
  const live = useRef(new Map<string, () => void>());
  const done = useRef(onDone);
  done.current = onDone;
  useEffect(() => () => live.current.forEach((abort) => abort()), []);
  const patch = (key: string, p: Partial<UploadItem>) => setItems((list) => list.map((x) => (x.key === key ? { ...x, ...p } : x)));
  const start = useCallback((files: File[]) => {
    for (const f of files) {
      const key = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const up = uploadWithProgress<FileInfo>('/api/files?purpose=attachment', f, (progress) => patch(key, { progress }));
      live.current.set(key, up.abort);
      setItems((list) => [...list, { key, name: f.name, progress: 0, file: null, error: null, abort: up.abort }]);
      up.promise
        .then((file) => {
          // A caller that takes finished files itself gets them, and the chip leaves.
          if (done.current) {
            done.current(file);
            setItems((list) => list.filter((x) => x.key !== key));
          } else patch(key, { file, progress: 1 });
        })
        .catch((e: unknown) => {
          if ((e as Error).name === 'AbortError') return;
          patch(key, { error: e instanceof Error ? e.message : String(e) });
        })
        .finally(() => live.current.delete(key));
    }
  }, []);
  const remove = useCallback((key: string) => {
    live.current.get(key)?.();
    live.current.delete(key);
    setItems((list) => list.filter((x) => x.key !== key));
  }, []);
  const reset = useCallback(() => setItems([]), []);
  /** Files picked elsewhere (the drive): finished already, they join as uploads that are done. */
  const add = useCallback((files: FileInfo[]) => {
    for (const file of files) {
      if (done.current) done.current(file);
      else setItems((list) => [...list, { key: `picked-${file.id}-${Math.random().toString(36).slice(2)}`, name: file.name, progress: 1, file, error: null, abort: () => {} }]);
    }
  }, []);
  return {
    items,
    start,
    add,
    remove,
    reset,
    done: items.flatMap((x) => (x.file ? [x.file] : [])),
    busy: items.some((x) => !x.file && !x.error),
  };
}

/** Chips of uploads: name, a progress bar while sending, an error if refused, and a remove button. */
export function UploadChips({ items, onRemove }: { items: UploadItem[]; onRemove: (key: string) => void }) {
  const { t } = useKitT();
  if (!items.length) return null;
  return (
    <Group gap={6}>
      {items.map((x) => (
        <div key={x.key} className={classes.uploadChip} data-error={x.error ? 'true' : undefined}>
          <Group gap={4} wrap="nowrap">
            <IconPaperclip size={13} aria-hidden />
            <Text size="xs" truncate="end" c={x.error ? 'red' : undefined} title={x.error ?? x.name}>
              {x.name}
            </Text>
            <Tooltip label={t('files.remove', { name: x.name })}>
              <ActionIcon size="xs" variant="subtle" color="gray" aria-label={t('files.remove', { name: x.name })} onClick={() => onRemove(x.key)}>
                <IconX size={12} />
              </ActionIcon>
            </Tooltip>
          </Group>
          {x.error ? (
            <Text size="xs" c="red">
              {x.error}
            </Text>
          ) : !x.file ? (
            <Progress value={Math.round(x.progress * 100)} size="xs" aria-label={t('files.uploading', { name: x.name })} />
          ) : null}
        </div>
      ))}
    </Group>
  );
}

/**
 * «Прикрепить файл»: opens the file chooser and starts the uploads. Given `onPicked`, it offers the
 * places features bring too («Выбрать на Диске») in a menu, and hands back the files picked there.
 */
export function AttachButton({
  onFiles,
  onPicked,
  disabled,
  label,
  multiple = true,
}: {
  onFiles: (files: File[]) => void;
  onPicked?: (files: FileInfo[]) => void;
  disabled?: boolean;
  label?: string;
  multiple?: boolean;
}) {
  const { t } = useKitT();
  const sources = useAttachSources();
  const [open, setOpen] = useState<AttachSource | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const take = (files: File[]) => {
    if (files.length) onFiles(files);
  };
  if (!onPicked || !sources.length)
    return (
      <FileButton<boolean> onChange={(picked: File | File[] | null) => take(picked === null ? [] : Array.isArray(picked) ? picked : [picked])} multiple={multiple} disabled={disabled}>
        {(props) => (
          <Button {...props} size="xs" variant="subtle" color="gray" leftSection={<IconPaperclip size={14} />}>
            {label ?? t('files.attach')}
          </Button>
        )}
      </FileButton>
    );
  const Picker = open?.picker;
  return (
    <>
      {/* Outside the menu, which unmounts its items when it closes and the chooser is still open. */}
      <input
        ref={input}
        type="file"
        hidden
        multiple={multiple}
        onChange={(e) => {
          take([...(e.currentTarget.files ?? [])]);
          e.currentTarget.value = '';
        }}
      />
      <Menu position="bottom-start" withinPortal disabled={disabled}>
        <Menu.Target>
          <Button size="xs" variant="subtle" color="gray" disabled={disabled} leftSection={<IconPaperclip size={14} />} rightSection={<IconChevronDown size={12} />}>
            {label ?? t('files.attach')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconDeviceDesktop size={14} />} onClick={() => input.current?.click()}>
            {t('files.fromComputer')}
          </Menu.Item>
          {sources.map((s) => (
            <Menu.Item key={s.id} leftSection={<IconFolder size={14} />} onClick={() => setOpen(s)}>
              {typeof s.label === 'function' ? s.label() : s.label}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      {Picker ? (
        <Suspense fallback={null}>
          <Picker
            opened
            multiple={multiple}
            onClose={() => setOpen(null)}
            onPick={(files) => {
              setOpen(null);
              if (files.length) onPicked(files);
            }}
          />
        </Suspense>
      ) : null}
    </>
  );
}
