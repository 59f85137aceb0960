import { Box, Group, Menu, Button, Select } from '@mantine/core';
import { IconChevronDown, IconLock, IconUsersGroup } from '@tabler/icons-react';
import type { DriveItem, DriveStorages } from '@vavilon/contracts';
import { useCallback, type ReactNode } from 'react';
import { Link, Navigate, Route, Routes, useParams, useSearchParams } from 'react-router';
import { RefusalState } from '../../ui/AccessStates';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { PageHeader } from '../../ui/PageHeader';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { SectionNav } from '../../ui/nav';
import { useDocumentTitle } from '../../ui/use-document-title';
import { useSession } from '../auth/session';
import { useUser } from '../users/api';
import { useItem, useStorages } from './api';
import { FolderView } from './FolderView';
import { useDriveT } from './i18n';
import { QuotaBar } from './QuotaBar';
import { SharedView } from './SharedView';
import { TrashView } from './TrashView';
import { UploadPanel } from './UploadPanel';

type Section = 'my' | 'common' | 'shared' | 'trash' | 'group' | 'user';

/** The drive's frame: the section's title, «Мой диск · Общий диск · Общие со мной · Корзина», group drives, the quota. */
function DriveFrame({ current, title, children }: { current: Section; title: string; children: ReactNode }) {
  const { t } = useDriveT();
  useDocumentTitle(title);
  const storages = useStorages();
  const groups = storages.data?.groups ?? [];
  return (
    <>
      <PageHeader
        title={title}
        actions={<QuotaBar />}
        below={
          <Group gap="md" wrap="wrap" align="center">
            <SectionNav
              label={t('drives')}
              current={current}
              items={[
                { id: 'my', to: '/drive', label: t('my') },
                { id: 'common', to: '/drive/common', label: t('common') },
                { id: 'shared', to: '/drive/shared', label: t('shared') },
                { id: 'trash', to: '/drive/trash', label: t('trash') },
              ]}
            />
            {groups.length ? (
              <Menu position="bottom-start">
                <Menu.Target>
                  <Button size="xs" variant={current === 'group' ? 'light' : 'subtle'} leftSection={<IconUsersGroup size={14} />} rightSection={<IconChevronDown size={14} />}>
                    {t('groups')}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {groups.map((g) => (
                    <Menu.Item key={g.id} component={Link} to={`/drive/group/${g.ownerId}`}>
                      {g.name}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
            ) : null}
          </Group>
        }
      />
      {children}
      <UploadPanel />
    </>
  );
}

function sectionOf(storages: DriveStorages | undefined, storageId: number | undefined): Section {
  if (!storages || !storageId) return 'my';
  if (storages.my.id === storageId) return 'my';
  if (storages.common.id === storageId) return 'common';
  if (storages.groups.some((g) => g.id === storageId)) return 'group';
  return 'shared';
}

function StorageRoot({ kind }: { kind: 'my' | 'common' }) {
  const { t } = useDriveT();
  const storages = useStorages();
  const title = t(kind);
  if (storages.error) return <ErrorState error={storages.error} onRetry={() => void storages.refetch()} />;
  if (!storages.data) return <PageSkeleton />;
  return (
    <DriveFrame current={kind} title={title}>
      <FolderView folderId={storages.data[kind].rootId} />
    </DriveFrame>
  );
}

function FolderRoute() {
  const { t } = useDriveT();
  const id = Number(useParams().id);
  const storages = useStorages();
  const item = useItem(Number.isInteger(id) && id > 0 ? id : null);
  if (!Number.isInteger(id) || id <= 0) return <RefusalState kind="missing" card />;
  if (item.error) return <ErrorState error={item.error} onRetry={() => void item.refetch()} />;
  const section = sectionOf(storages.data, item.data?.storageId);
  const storage = storages.data && [storages.data.my, storages.data.common, ...storages.data.groups].find((s) => s.id === item.data?.storageId);
  return (
    <DriveFrame current={section} title={item.data ? item.data.name || storage?.name || t('title') : t('title')}>
      <FolderView folderId={id} />
    </DriveFrame>
  );
}

/** A group's drive: the page /drive/group/:groupId and the group's «Диск» tab. */
export function GroupDrive({ groupId }: { groupId: number }) {
  const { t } = useDriveT();
  const storages = useStorages();
  if (storages.error) return <ErrorState error={storages.error} onRetry={() => void storages.refetch()} />;
  if (!storages.data) return <PageSkeleton rows={4} />;
  const storage = storages.data.groups.find((g) => g.ownerId === groupId);
  if (!storage) return <EmptyState icon={<IconLock size={30} />} title={t('noAccess')} />;
  return (
    <>
      <FolderView folderId={storage.rootId} fill={false} />
      <UploadPanel />
    </>
  );
}

function GroupRoute() {
  const { t } = useDriveT();
  const groupId = Number(useParams().groupId);
  const storages = useStorages();
  const storage = storages.data?.groups.find((g) => g.ownerId === groupId);
  if (storages.data && !storage) return <RefusalState kind="forbidden" card />;
  return (
    <DriveFrame current="group" title={storage?.name ?? t('groups')}>
      {storage ? <FolderView folderId={storage.rootId} /> : <PageSkeleton rows={4} />}
    </DriveFrame>
  );
}

function TrashRoute() {
  const { t } = useDriveT();
  const storages = useStorages();
  const [params, setParams] = useSearchParams();
  const all = storages.data ? [storages.data.my, storages.data.common, ...storages.data.groups].filter((s) => s.right === 'full' || s.kind === 'user') : [];
  const storageId = Number(params.get('storageId')) || storages.data?.my.id || null;
  return (
    <DriveFrame current="trash" title={t('trash')}>
      {all.length > 1 ? (
        <Box mb="sm">
          <Select
            w={260}
            size="sm"
            aria-label={t('drives')}
            data={all.map((s) => ({ value: String(s.id), label: s.name }))}
            value={storageId ? String(storageId) : null}
            allowDeselect={false}
            onChange={(v) => v && setParams({ storageId: v })}
          />
        </Box>
      ) : null}
      {storageId ? <TrashView storageId={storageId} /> : <PageSkeleton rows={4} />}
    </DriveFrame>
  );
}

function UserRoute() {
  const { t } = useDriveT();
  const me = useSession().user;
  const userId = Number(useParams().userId);
  const user = useUser(userId);
  const only = useCallback((it: DriveItem) => it.createdBy === userId, [userId]);
  if (userId === me.id) return <Navigate to="/drive" replace />;
  const name = user.data?.fullName ?? '';
  return (
    <DriveFrame current="user" title={t('ofUser', { name })}>
      <SharedView only={only} empty={<EmptyState icon={<IconLock size={30} />} title={t('emptyUser')} description={t('emptyUserHint', { name })} />} />
    </DriveFrame>
  );
}

function SharedRoute() {
  const { t } = useDriveT();
  return (
    <DriveFrame current="shared" title={t('shared')}>
      <SharedView />
    </DriveFrame>
  );
}

/** «Диск» under /drive: «Мой диск», «Общий диск», group drives, «Общие со мной», «Корзина», folders, a colleague's drive. */
export default function DrivePage() {
  return (
    <Routes>
      <Route index element={<StorageRoot kind="my" />} />
      <Route path="common" element={<StorageRoot kind="common" />} />
      <Route path="shared" element={<SharedRoute />} />
      <Route path="trash" element={<TrashRoute />} />
      <Route path="folder/:id" element={<FolderRoute />} />
      <Route path="group/:groupId" element={<GroupRoute />} />
      <Route path="user/:userId" element={<UserRoute />} />
      <Route path="*" element={<RefusalState kind="missing" card />} />
    </Routes>
  );
}
