import { Text, UnstyledButton } from '@mantine/core';
import { IconDownload, IconEye, IconFolderOpen, IconShare } from '@tabler/icons-react';
import type { DriveItem } from '@vavilon/contracts';
import { useMemo, useState, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { DataList, type DataColumn } from '../../ui/data-list';
import { EmptyState } from '../../ui/EmptyState';
import { LoadMore } from '../../ui/LoadMore';
import { formatDateTime } from '../../ui/format';
import { driveHref, useShared } from './api';
import { FileViewer } from './FileViewer';
import { download } from './FolderView';
import { formatBytes } from './format';
import { useDriveT } from './i18n';
import { ItemIcon } from './ItemIcon';
import { LinkDialog } from './LinkDialog';
import { ShareDialog } from './ShareDialog';
import { UserName } from './UserName';
import classes from './drive.module.css';

/** «Общие со мной»: what colleagues shared with the user (or, with `only`, what one colleague shared). */
export function SharedView({ only, empty }: { only?: (it: DriveItem) => boolean; empty?: ReactNode }) {
  const { t } = useDriveT();
  const q = useShared();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [dialog, setDialog] = useState<{ kind: 'access' | 'link'; item: DriveItem } | null>(null);
  const rows = useMemo(() => q.data?.pages.flatMap((p) => p.items).filter((it) => !only || only(it)), [q.data, only]);
  const fileId = Number(params.get('file')) || null;
  const open = (it: DriveItem) => {
    if (it.kind === 'folder') navigate(`/drive/folder/${it.id}`);
    else setParams({ file: String(it.id) });
  };
  const columns: DataColumn<DriveItem>[] = [
    {
      id: 'name',
      title: t('col.name'),
      hideable: false,
      cell: (it) => (
        <div className={classes.nameCell}>
          <ItemIcon kind={it.kind} name={it.name} mime={it.mime} fileId={it.fileId} />
          <UnstyledButton className={classes.nameButton} onClick={() => open(it)}>
            {it.name}
          </UnstyledButton>
        </div>
      ),
    },
    { id: 'owner', title: t('col.owner'), width: 220, cell: (it) => <UserName id={it.createdBy} /> },
    { id: 'size', title: t('col.size'), width: 110, cell: (it) => <Text size="sm">{it.kind === 'file' ? formatBytes(it.size) : '—'}</Text> },
    { id: 'updated', title: t('col.updated'), width: 170, cell: (it) => <Text size="sm">{formatDateTime(it.updatedAt)}</Text> },
    {
      id: 'right',
      title: t('access'),
      width: 150,
      visibleFrom: 'md',
      cell: (it) => (
        <Text size="sm" c="dimmed">
          {t(`right.${it.right}`)}
        </Text>
      ),
    },
  ];
  return (
    <>
      <DataList<DriveItem, number>
        label={t('shared')}
        columns={columns}
        rows={rows}
        rowId={(r) => r.id}
        rowTitle={(r) => r.name}
        error={q.error}
        onRetry={() => void q.refetch()}
        fetching={q.isFetching}
        scroll="page"
        onRowOpen={open}
        rowProps={(it) => ({ tabIndex: 0, 'data-item': it.name, onKeyDown: (e) => e.key === 'Enter' && e.target === e.currentTarget && open(it) })}
        rowMenu={(it) => [
          { label: t('open'), icon: it.kind === 'folder' ? <IconFolderOpen size={16} /> : <IconEye size={16} />, onClick: () => open(it) },
          { label: t('download'), icon: <IconDownload size={16} />, onClick: () => download(it.kind === 'folder' ? driveHref.zip(it.id) : driveHref.content(it.id)) },
        ]}
        empty={empty ?? <EmptyState icon={<IconShare size={30} />} title={t('emptyShared')} description={t('emptySharedHint')} />}
      />
      <LoadMore list={q}>{t('showMore')}</LoadMore>
      {fileId ? <FileViewer id={fileId} onClose={() => setParams({})} onAccess={(item) => setDialog({ kind: 'access', item })} onLink={(item) => setDialog({ kind: 'link', item })} /> : null}
      {dialog?.kind === 'access' ? <ShareDialog item={dialog.item} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'link' ? <LinkDialog item={dialog.item} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
