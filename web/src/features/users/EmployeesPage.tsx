import { Anchor, Button, Group, Select, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { can, useSession } from '../auth/session';
import { EmptyState } from '../../ui/EmptyState';
import { DataList, type DataColumn } from '../../ui/data-list';
import { PageHeader } from '../../ui/PageHeader';
import { UserAvatar } from '../../ui/UserAvatar';
import { useDocumentTitle } from '../../ui/use-document-title';
import { useUserList, type UserList, type UserStatusFilter } from './api';
import { DepartmentSelect } from './DepartmentSelect';
import { InviteModal } from './InviteModal';
import { StatusBadge } from './StatusBadge';

const PAGE_SIZE = 25;
type UserListItem = UserList['items'][number];
const STATUSES: UserStatusFilter[] = ['active', 'invited', 'inactive', 'all'];

/** «Сотрудники»: the directory, with search, department and (for administrators) status filters. */
export default function EmployeesPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('users.title'));
  const me = useSession();
  const canInvite = can(me, 'users.invite');
  const canManage = can(me, 'users.manage');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [inviteOpen, setInviteOpen] = useState(false);

  const [searchText, setSearchText] = useState(params.get('search') ?? '');
  const [search] = useDebouncedValue(searchText.trim(), 250);
  const departmentId = Number(params.get('department')) || undefined;
  const statusParam = params.get('status') as UserStatusFilter | null;
  const status: UserStatusFilter = canManage && statusParam && STATUSES.includes(statusParam) ? statusParam : 'active';
  const page = Math.max(1, Number(params.get('page')) || 1);

  const setParam = (key: string, value: string | null, resetPage = true) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        if (resetPage) next.delete('page');
        return next;
      },
      { replace: true },
    );
  };

  useEffect(() => {
    if ((params.get('search') ?? '') !== search) setParam('search', search || null);
  }, [search]);

  const list = useUserList({ search: search || undefined, departmentId, status, page, pageSize: PAGE_SIZE });
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const filtered = Boolean(search || departmentId || status !== 'active');
  const columns: DataColumn<UserListItem>[] = [
    {
      id: 'name',
      title: t('users.columns.name'),
      cell: (u) => (
        <Group gap="sm" wrap="nowrap">
          <UserAvatar user={u} size={36} />
          <div style={{ minWidth: 0 }}>
            <Group gap={6} wrap="nowrap">
              <Anchor component={Link} to={`/company/personal/user/${u.id}`} fw={500} c="dark.7" size="sm" onClick={(e) => e.stopPropagation()}>
                {u.fullName}
              </Anchor>
              <StatusBadge status={u.status} />
            </Group>
            {u.role === 'admin' ? (
              <Text size="xs" c="dimmed">
                {t('users.roles.admin')}
              </Text>
            ) : null}
          </div>
        </Group>
      ),
    },
    { id: 'position', title: t('users.columns.position'), cell: (u) => <Text size="sm">{u.position || '—'}</Text> },
    {
      id: 'department',
      title: t('users.columns.department'),
      visibleFrom: 'sm',
      cell: (u) => (
        <Text size="sm" c={u.departmentName ? undefined : 'dimmed'}>
          {u.departmentName ?? '—'}
        </Text>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('users.title')}
        actions={
          canInvite ? (
            <Button leftSection={<IconUserPlus size={18} />} onClick={() => setInviteOpen(true)}>
              {t('users.invite')}
            </Button>
          ) : null
        }
      />
      <DataList<UserListItem, number>
        label={t('users.title')}
        toolbar={
          <>
            <TextInput
              value={searchText}
              onChange={(e) => setSearchText(e.currentTarget.value)}
              placeholder={t('users.searchPlaceholder')}
              aria-label={t('users.searchLabel')}
              leftSection={<IconSearch size={16} />}
              style={{ flex: '1 1 260px', maxWidth: 420 }}
            />
            <DepartmentSelect
              value={departmentId ?? null}
              onChange={(id) => setParam('department', id ? String(id) : null)}
              aria-label={t('users.departmentFilter')}
              placeholder={t('users.allDepartments')}
              style={{ flex: '0 1 260px' }}
            />
            {canManage ? (
              <Select
                aria-label={t('users.statusFilter')}
                value={status}
                onChange={(v) => setParam('status', v && v !== 'active' ? v : null)}
                data={STATUSES.map((s) => ({ value: s, label: t(`users.statusFilterOption.${s}`) }))}
                allowDeselect={false}
                style={{ flex: '0 1 200px' }}
              />
            ) : null}
          </>
        }
        actions={
          <Text size="sm" c="dimmed">
            {list.data ? t('users.total', { count: total }) : null}
          </Text>
        }
        showTotal={false}
        columns={columns}
        rows={list.data?.items}
        rowId={(u) => u.id}
        rowTitle={(u) => u.fullName}
        error={list.isError ? list.error : undefined}
        onRetry={() => void list.refetch()}
        fetching={list.isFetching}
        stale={list.isPlaceholderData}
        empty={
          filtered ? (
            <EmptyState icon={<IconSearch size={30} />} title={t('users.nothingFound')} description={t('users.nothingFoundHint')} />
          ) : (
            <EmptyState
              icon={<IconUsers size={30} />}
              title={t('users.emptyTitle')}
              description={t('users.empty')}
              action={
                canInvite ? (
                  <Button leftSection={<IconUserPlus size={18} />} onClick={() => setInviteOpen(true)}>
                    {t('users.invite')}
                  </Button>
                ) : null
              }
            />
          )
        }
        paging={{ page: Math.min(page, pages), pageSize: PAGE_SIZE, total: list.data?.total, onPageChange: (p) => setParam('page', p > 1 ? String(p) : null, false) }}
        onRowClick={(u) => navigate(`/company/personal/user/${u.id}`)}
        density="comfortable"
        scroll="page"
        stickyHeaderOffset={56}
      />
      <InviteModal opened={inviteOpen} onClose={() => setInviteOpen(false)} />
    </>
  );
}
