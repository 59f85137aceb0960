import { Anchor, Button, Card, Group, Pagination, Select, Skeleton, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { can, useSession } from '../auth/session';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { PageHeader } from '../../ui/PageHeader';
import { UserAvatar } from '../../ui/UserAvatar';
import uiClasses from '../../ui/ui.module.css';
import { useDocumentTitle } from '../../ui/use-document-title';
import { useUserList, type UserStatusFilter } from './api';
import { DepartmentSelect } from './DepartmentSelect';
import { InviteModal } from './InviteModal';
import { StatusBadge } from './StatusBadge';

const PAGE_SIZE = 25;
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
      <Card p={0} style={{ overflow: 'visible' }}>
        <Group gap="sm" p="md" wrap="wrap" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
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
          <Text size="sm" c="dimmed" ml="auto">
            {list.data ? t('users.total', { count: total }) : null}
          </Text>
        </Group>

        {list.isError && !list.data ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data && list.data.items.length === 0 ? (
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
        ) : (
            <div className={uiClasses.tableWrap}>
            <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover={false} stickyHeader stickyHeaderOffset={56}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('users.columns.name')}</Table.Th>
                  <Table.Th>{t('users.columns.position')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('users.columns.department')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody style={{ opacity: list.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}>
                {list.data
                  ? list.data.items.map((u) => (
                      <Table.Tr key={u.id} className={uiClasses.clickableRow} onClick={() => navigate(`/company/personal/user/${u.id}`)}>
                        <Table.Td>
                          <Group gap="sm" wrap="nowrap">
                            <UserAvatar user={u} size={36} />
                            <div style={{ minWidth: 0 }}>
                              <Group gap={6} wrap="nowrap">
                                <Anchor
                                  component={Link}
                                  to={`/company/personal/user/${u.id}`}
                                  fw={500}
                                  c="dark.7"
                                  size="sm"
                                  onClick={(e) => e.stopPropagation()}
                                >
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
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{u.position || '—'}</Text>
                        </Table.Td>
                        <Table.Td visibleFrom="sm">
                          <Text size="sm" c={u.departmentName ? undefined : 'dimmed'}>
                            {u.departmentName ?? '—'}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    ))
                  : Array.from({ length: 8 }, (_, i) => (
                      <Table.Tr key={i}>
                        <Table.Td>
                          <Group gap="sm" wrap="nowrap">
                            <Skeleton h={36} w={36} circle />
                            <Skeleton h={12} w={160} />
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Skeleton h={12} w={120} />
                        </Table.Td>
                        <Table.Td visibleFrom="sm">
                          <Skeleton h={12} w={140} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
              </Table.Tbody>
            </Table>
            </div>
        )}
        {pages > 1 ? (
          <Group justify="center" p="md" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
            <Pagination
              total={pages}
              value={Math.min(page, pages)}
              onChange={(p) => setParam('page', p > 1 ? String(p) : null, false)}
              getControlProps={(control) => ({ 'aria-label': t(`common.pagination.${control}`) })}
              getItemProps={(p) => ({ 'aria-label': t('common.pagination.page', { page: p }) })}
            />
          </Group>
        ) : null}
      </Card>
      <InviteModal opened={inviteOpen} onClose={() => setInviteOpen(false)} />
    </>
  );
}
