import { Anchor, Box, Button, FileButton, Group, Text, Tooltip, UnstyledButton } from '@mantine/core';
import {
  IconArrowsMove,
  IconChevronRight,
  IconCopy,
  IconDownload,
  IconEye,
  IconFolderPlus,
  IconHistory,
  IconLink,
  IconPencil,
  IconShare,
  IconTrash,
  IconUpload,
  IconFolderUp,
  IconFolderOpen,
} from '@tabler/icons-react';
import type { DriveFolderPage, DriveItem } from '@vavilon/contracts';
import { useCallback, useMemo, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { DataList, type BulkAction, type DataColumn, type RowMenuItem } from '../../ui/data-list';
import { EmptyState } from '../../ui/EmptyState';
import { LoadMore } from '../../ui/LoadMore';
import { formatDateTime } from '../../ui/format';
import { showError, showSuccess, showUndoable } from '../../ui/toasts';
import { driveHref, useDriveWrites, useFolder, type DriveSort, type FolderSort } from './api';
import { FolderPickerDialog, NameDialog, useConflictDialog, withConflict } from './dialogs';
import { FileViewer } from './FileViewer';
import { formatBytes } from './format';
import { useDriveT } from './i18n';
import { ItemIcon } from './ItemIcon';
import { LinkDialog } from './LinkDialog';
import { filesFromDrop, filesFromInput, isFileDrag, isItemsDrag, ITEMS_TYPE } from './picked';
import { ShareDialog } from './ShareDialog';
import { startUploads, type PickedFile } from './uploads';
import { UserName } from './UserName';
import classes from './drive.module.css';

type Dialog = { kind: 'newFolder' } | { kind: 'rename'; item: DriveItem } | { kind: 'move' | 'copy'; ids: number[] } | { kind: 'access' | 'link'; item: DriveItem };

const canEdit = (r: DriveItem['right']) => r === 'edit' || r === 'full';

/** Starts a download in the browser, as a link click. */
export function download(href: string) {
  const a = document.createElement('a');
  a.href = href;
  a.download = '';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** A folder of a drive: its path, its items with their actions, uploads by button and by dropping, and the file viewer. */
export function FolderView({
  folderId,
  title,
  headerExtra,
  fill = true,
}: {
  folderId: number;
  title?: (page: DriveFolderPage | undefined) => ReactNode;
  headerExtra?: ReactNode;
  /** Takes the page's height (a drive page); false inside another page (a group's tab). */
  fill?: boolean;
}) {
  const { t } = useDriveT();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [sort, setSort] = useState<FolderSort>({ sort: 'name', dir: 'asc' });
  const q = useFolder(folderId, sort);
  const writes = useDriveWrites();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [askConflict, conflictDialog] = useConflictDialog();
  const [askUpload, uploadConflictDialog] = useConflictDialog(true);
  const [dragOver, setDragOver] = useState(false);
  const [dropTarget, setDropTarget] = useState<number | null>(null);
  const depth = useRef(0);
  const selection = useRef<number[]>([]);
  const folderInput = useRef<HTMLInputElement>(null);

  const first = q.data?.pages[0];
  const folder = first?.folder;
  const items = useMemo(() => q.data?.pages.flatMap((p) => p.items), [q.data]);
  const writable = folder ? canEdit(folder.right) : false;
  const fileId = Number(params.get('file')) || null;
  const onSelection = useCallback((ids: number[]) => void (selection.current = ids), []);

  const openItem = useCallback(
    (it: DriveItem) => {
      if (it.kind === 'folder') navigate(`/drive/folder/${it.id}`);
      else {
        const next = new URLSearchParams(params);
        next.set('file', String(it.id));
        setParams(next);
      }
    },
    [navigate, params, setParams],
  );

  const upload = (picked: PickedFile[]) =>
    void startUploads(folderId, picked, async (names) => {
      const a = await askUpload(names);
      return a === 'replace' ? 'version' : a;
    }).catch(showError);

  const trash = async (ids: number[]) => {
    if (!ids.length) return;
    const res = await writes.trash(ids);
    showUndoable(t('trashed', { count: res.count }), () => writes.restore(ids).catch(showError));
  };
  const moveTo = async (ids: number[], targetId: number, copy = false) => {
    const ids2 = ids.filter((id) => id !== targetId);
    if (!ids2.length) return;
    const res = await withConflict((conflict) => (copy ? writes.copy(ids2, targetId, conflict) : writes.move(ids2, targetId, conflict)), askConflict);
    if (res) showSuccess(t(copy ? 'copied' : 'moved', { count: res.items.length }));
  };
  const downloadItems = (list: DriveItem[]) => {
    for (const it of list) download(it.kind === 'folder' ? driveHref.zip(it.id) : driveHref.content(it.id));
  };

  const menu = (it: DriveItem): RowMenuItem[] => {
    const m: RowMenuItem[] = [
      { label: t('open'), icon: it.kind === 'folder' ? <IconFolderOpen size={16} /> : <IconEye size={16} />, onClick: () => openItem(it) },
      { label: t('download'), icon: <IconDownload size={16} />, onClick: () => downloadItems([it]) },
    ];
    if (canEdit(it.right)) {
      m.push({ label: t('rename'), icon: <IconPencil size={16} />, onClick: () => setDialog({ kind: 'rename', item: it }) });
      m.push({ label: t('move'), icon: <IconArrowsMove size={16} />, onClick: () => setDialog({ kind: 'move', ids: [it.id] }) });
    }
    m.push({ label: t('copy'), icon: <IconCopy size={16} />, onClick: () => setDialog({ kind: 'copy', ids: [it.id] }) });
    if (it.kind === 'file') m.push({ label: t('versions'), icon: <IconHistory size={16} />, onClick: () => openItem(it) });
    if (it.right === 'full') {
      m.push({ label: t('access'), icon: <IconShare size={16} />, onClick: () => setDialog({ kind: 'access', item: it }) });
      m.push({ label: t('publicLink'), icon: <IconLink size={16} />, onClick: () => setDialog({ kind: 'link', item: it }) });
      m.push({ label: t('delete'), icon: <IconTrash size={16} />, color: 'red', onClick: () => void trash([it.id]).catch(showError) });
    }
    return m;
  };

  const columns: DataColumn<DriveItem>[] = [
    {
      id: 'name',
      title: t('col.name'),
      sortable: true,
      hideable: false,
      cell: (it) => (
        <div className={classes.nameCell}>
          <ItemIcon kind={it.kind} name={it.name} mime={it.mime} fileId={it.fileId} />
          <UnstyledButton className={classes.nameButton} onClick={() => openItem(it)} tabIndex={-1} title={it.name}>
            {it.name}
          </UnstyledButton>
          {it.shared ? (
            <Tooltip label={t('shared_mark')}>
              <IconShare size={14} color="var(--mantine-color-blue-5)" aria-label={t('shared_mark')} style={{ flex: 'none' }} />
            </Tooltip>
          ) : null}
          {it.published ? (
            <Tooltip label={t('published_mark')}>
              <IconLink size={14} color="var(--mantine-color-teal-6)" aria-label={t('published_mark')} style={{ flex: 'none' }} />
            </Tooltip>
          ) : null}
        </div>
      ),
    },
    {
      id: 'size',
      title: t('col.size'),
      sortable: true,
      width: 110,
      cell: (it) =>
        it.kind === 'file' ? (
          <Text size="sm">{formatBytes(it.size)}</Text>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ),
    },
    { id: 'updated', title: t('col.updated'), sortable: true, width: 170, cell: (it) => <Text size="sm">{formatDateTime(it.updatedAt)}</Text> },
    { id: 'updatedBy', title: t('col.updatedBy'), width: 200, visibleFrom: 'md', cell: (it) => <UserName id={it.updatedBy ?? it.createdBy} /> },
  ];

  const byId = (ids: number[]) => (items ?? []).filter((i) => ids.includes(i.id));
  const bulk: BulkAction<number>[] = [
    { id: 'download', label: t('bulkDownload'), icon: <IconDownload size={14} />, run: async (ids) => downloadItems(byId(ids)) },
    ...(writable
      ? [
          { id: 'move', label: t('move'), icon: <IconArrowsMove size={14} />, run: async (ids: number[]) => void setDialog({ kind: 'move', ids }) },
          { id: 'copy', label: t('copy'), icon: <IconCopy size={14} />, run: async (ids: number[]) => void setDialog({ kind: 'copy', ids }) },
          {
            id: 'trash',
            label: t('delete'),
            icon: <IconTrash size={14} />,
            color: 'red',
            confirm: { title: t('delete'), message: (ids: number[]) => t('deleteAsk', { count: ids.length }), confirmLabel: t('delete') },
            run: async (ids: number[]) => trash(ids),
          },
        ]
      : [{ id: 'copy', label: t('copy'), icon: <IconCopy size={14} />, run: async (ids: number[]) => void setDialog({ kind: 'copy', ids }) }]),
  ];

  // Rows of the list are dragged onto folders (rows and the path) to move there.
  const dropProps = (targetId: number) => ({
    onDragOver: (e: DragEvent) => {
      if (!isItemsDrag(e.dataTransfer)) return;
      e.preventDefault();
      e.stopPropagation();
      e.dataTransfer.dropEffect = 'move';
      if (dropTarget !== targetId) setDropTarget(targetId);
    },
    onDragLeave: () => setDropTarget((d) => (d === targetId ? null : d)),
    onDrop: (e: DragEvent) => {
      if (!isItemsDrag(e.dataTransfer)) return;
      e.preventDefault();
      e.stopPropagation();
      setDropTarget(null);
      const ids = JSON.parse(e.dataTransfer.getData(ITEMS_TYPE) || '[]') as number[];
      void moveTo(ids, targetId).catch(showError);
    },
    'data-drop-target': dropTarget === targetId || undefined,
  });

  const rowProps = (it: DriveItem) => ({
    tabIndex: 0,
    'data-item': it.name,
    draggable: canEdit(it.right),
    onDragStart: (e: DragEvent<HTMLTableRowElement>) => {
      const ids = selection.current.includes(it.id) ? selection.current : [it.id];
      e.dataTransfer.setData(ITEMS_TYPE, JSON.stringify(ids));
      e.dataTransfer.effectAllowed = 'move';
    },
    onKeyDown: (e: React.KeyboardEvent<HTMLTableRowElement>) => {
      if (e.target !== e.currentTarget) return;
      if (e.key === 'Enter') openItem(it);
      else if (e.key === 'Delete' && it.right === 'full') void trash(selection.current.includes(it.id) ? selection.current : [it.id]).catch(showError);
      else if (e.key === 'F2' && canEdit(it.right)) setDialog({ kind: 'rename', item: it });
      else return;
      e.preventDefault();
    },
    ...(it.kind === 'folder' ? dropProps(it.id) : {}),
  });

  // Files and folders dragged from the desktop over the page.
  const zone = writable
    ? {
        onDragEnter: (e: DragEvent) => {
          if (!isFileDrag(e.dataTransfer)) return;
          depth.current += 1;
          setDragOver(true);
        },
        onDragLeave: (e: DragEvent) => {
          if (!isFileDrag(e.dataTransfer)) return;
          depth.current = Math.max(0, depth.current - 1);
          if (!depth.current) setDragOver(false);
        },
        onDragOver: (e: DragEvent) => {
          if (isFileDrag(e.dataTransfer)) e.preventDefault();
        },
        onDrop: (e: DragEvent) => {
          if (!isFileDrag(e.dataTransfer)) return;
          e.preventDefault();
          depth.current = 0;
          setDragOver(false);
          void filesFromDrop(e.dataTransfer).then(upload, showError);
        },
      }
    : {};

  const path = first?.path ?? [];

  return (
    <Box className={classes.zone} data-fill={fill || undefined} {...zone} data-testid="drive-folder">
      <div className={classes.headerRow}>
        <Box style={{ minWidth: 0, flex: 1 }}>
          {title?.(first)}
          <Group gap={2} wrap="wrap" component="nav" aria-label={t('path')} mih={30}>
            {path.map((p, i) => {
              const last = i === path.length - 1;
              return (
                <Group key={p.id} gap={2} wrap="nowrap">
                  {i > 0 ? <IconChevronRight size={14} color="var(--mantine-color-gray-5)" aria-hidden /> : null}
                  {last ? (
                    <Text size="sm" fw={600} px={6} aria-current="page">
                      {p.name}
                    </Text>
                  ) : (
                    <Anchor
                      size="sm"
                      px={6}
                      py={2}
                      className={classes.crumb}
                      style={{ borderRadius: 4 }}
                      href={`#${p.id}`}
                      onClick={(e) => {
                        e.preventDefault();
                        navigate(`/drive/folder/${p.id}`);
                      }}
                      {...dropProps(p.id)}
                    >
                      {p.name}
                    </Anchor>
                  )}
                </Group>
              );
            })}
          </Group>
        </Box>
        <Group gap="sm">
          {headerExtra}
          {writable ? (
            <>
              <Button variant="default" leftSection={<IconFolderPlus size={16} />} onClick={() => setDialog({ kind: 'newFolder' })}>
                {t('newFolder')}
              </Button>
              <Button variant="default" leftSection={<IconFolderUp size={16} />} onClick={() => folderInput.current?.click()}>
                {t('uploadFolder')}
              </Button>
              <input
                ref={folderInput}
                type="file"
                hidden
                multiple
                aria-label={t('uploadFolder')}
                {...({ webkitdirectory: '', directory: '' } as Record<string, string>)}
                onChange={(e) => {
                  upload(filesFromInput(e.currentTarget.files));
                  e.currentTarget.value = '';
                }}
              />
              <FileButton multiple onChange={(files) => upload(filesFromInput(files))}>
                {(props) => (
                  <Button {...props} leftSection={<IconUpload size={16} />}>
                    {t('upload')}
                  </Button>
                )}
              </FileButton>
            </>
          ) : null}
        </Group>
      </div>
      <Box className={classes.list} mt="sm">
        <DataList<DriveItem, number>
          label={t('list')}
          columns={columns}
          rows={items}
          rowId={(r) => r.id}
          rowTitle={(r) => r.name}
          error={q.error}
          onRetry={() => void q.refetch()}
          fetching={q.isFetching}
          stale={q.isPlaceholderData}
          sort={{ column: sort.sort, order: sort.dir }}
          onSortChange={(s) => setSort({ sort: s.column as DriveSort, dir: s.order })}
          columnChooser={{ storageKey: 'drive-items' }}
          bulkActions={bulk}
          selectionScope={`${folderId}`}
          onSelectionChange={onSelection}
          rowMenu={menu}
          onRowOpen={openItem}
          rowProps={rowProps}
          scroll="page"
          empty={
            <EmptyState
              icon={<IconUpload size={30} />}
              title={writable ? t('empty') : t('emptyReadOnly')}
              description={writable ? t('emptyHint') : undefined}
              action={
                writable ? (
                  <FileButton multiple onChange={(files) => upload(filesFromInput(files))}>
                    {(props) => (
                      <Button {...props} variant="light" leftSection={<IconUpload size={16} />}>
                        {t('upload')}
                      </Button>
                    )}
                  </FileButton>
                ) : null
              }
            />
          }
        />
        <LoadMore list={q}>{t('showMore')}</LoadMore>
      </Box>
      {dragOver ? (
        <div className={classes.dropOverlay}>
          <div className={classes.dropLabel}>{t('dropHere', { name: path[path.length - 1]?.name ?? folder?.name ?? '' })}</div>
        </div>
      ) : null}

      <NameDialog
        opened={dialog?.kind === 'newFolder'}
        title={t('newFolder')}
        label={t('folderName')}
        initial=""
        submitLabel={t('create')}
        onClose={() => setDialog(null)}
        onSubmit={async (name) => {
          const made = await writes.createFolder(folderId, name);
          showSuccess(t('folderCreated', { name: made.name }));
        }}
      />
      <NameDialog
        opened={dialog?.kind === 'rename'}
        title={t('rename')}
        label={t('newName')}
        initial={dialog?.kind === 'rename' ? dialog.item.name : ''}
        submitLabel={t('save')}
        onClose={() => setDialog(null)}
        onSubmit={async (name) => {
          if (dialog?.kind !== 'rename') return;
          const res = await withConflict((conflict) => writes.rename(dialog.item.id, name, conflict), askConflict);
          if (res) showSuccess(t('renamed'));
        }}
      />
      <FolderPickerDialog
        opened={dialog?.kind === 'move' || dialog?.kind === 'copy'}
        title={dialog?.kind === 'copy' ? t('copyTo') : t('moveTo')}
        submitLabel={dialog?.kind === 'copy' ? t('copy') : t('move')}
        exclude={dialog?.kind === 'move' ? dialog.ids : undefined}
        onClose={() => setDialog(null)}
        onPick={(target) => (dialog?.kind === 'move' || dialog?.kind === 'copy' ? moveTo(dialog.ids, target, dialog.kind === 'copy') : Promise.resolve())}
      />
      {dialog?.kind === 'access' ? <ShareDialog item={dialog.item} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'link' ? <LinkDialog item={dialog.item} onClose={() => setDialog(null)} /> : null}
      {fileId ? (
        <FileViewer
          id={fileId}
          onClose={() => {
            const next = new URLSearchParams(params);
            next.delete('file');
            setParams(next);
          }}
          onAccess={(it) => setDialog({ kind: 'access', item: it })}
          onLink={(it) => setDialog({ kind: 'link', item: it })}
        />
      ) : null}
      {conflictDialog}
      {uploadConflictDialog}
    </Box>
  );
}
