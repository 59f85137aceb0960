import { ActionIcon, Anchor, Badge, Button, Card, Group, Menu, Modal, Skeleton, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconBuilding, IconDotsVertical, IconHierarchy2, IconPencil, IconPlus, IconTrash, IconUsers } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can, useSession } from '../auth/session';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { PageHeader } from '../../ui/PageHeader';
import { showSuccess } from '../../ui/toasts';
import { UserAvatar } from '../../ui/UserAvatar';
import { useDocumentTitle } from '../../ui/use-document-title';
import { buildDepartmentTree, useDeleteDepartment, useDepartments, type DepartmentNode } from './api';
import { DepartmentModal, type DepartmentModalState } from './DepartmentModal';
import classes from './users.module.css';

interface CardProps {
  node: DepartmentNode;
  manage: boolean;
  onEdit: (n: DepartmentNode) => void;
  onAddChild: (n: DepartmentNode) => void;
  onDelete: (n: DepartmentNode) => void;
}

function DepartmentCard({ node, manage, onEdit, onAddChild, onDelete }: CardProps) {
  const { t } = useTranslation();
  return (
    <Card className={classes.department} data-depth={node.depth} withBorder={node.depth > 0} shadow={node.depth > 0 ? 'none' : 'xs'} component="section" aria-label={node.name}>
      <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          <ThemeIcon variant="light" size={36} radius="md" color={node.depth === 0 ? 'brand' : 'teal'}>
            {node.depth === 0 ? <IconBuilding size={20} /> : <IconHierarchy2 size={18} />}
          </ThemeIcon>
          <div style={{ minWidth: 0 }}>
            <Text fw={600} size={node.depth === 0 ? 'lg' : 'md'} truncate>
              {node.name}
            </Text>
            <Anchor component={Link} to={`/company?department=${node.id}`} size="xs" c="dimmed">
              {t('structure.employees', { count: node.employeeCount })}
            </Anchor>
          </div>
        </Group>
        {manage ? (
          <Menu position="bottom-end" withinPortal shadow="md">
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={t('structure.actionsFor', { name: node.name })}>
                <IconDotsVertical size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => onEdit(node)}>
                {t('structure.edit')}
              </Menu.Item>
              <Menu.Item leftSection={<IconPlus size={16} />} onClick={() => onAddChild(node)}>
                {t('structure.addChild')}
              </Menu.Item>
              <Menu.Divider />
              <Menu.Item leftSection={<IconTrash size={16} />} color="red" onClick={() => onDelete(node)}>
                {t('common.delete')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        ) : null}
      </Group>

      <Group gap="sm" mt="sm" wrap="nowrap" className={classes.head}>
        {node.head ? (
          <>
            <UserAvatar user={node.head} size={30} />
            <div style={{ minWidth: 0 }}>
              <Anchor component={Link} to={`/company/personal/user/${node.head.id}`} size="sm" fw={500} c="dark.7">
                {node.head.fullName}
              </Anchor>
              <Text size="xs" c="dimmed" truncate>
                {t('structure.head')}
                {node.head.position ? ` · ${node.head.position}` : ''}
              </Text>
            </div>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {t('structure.noHead')}
          </Text>
        )}
      </Group>

      {node.children.length > 0 ? (
        <div className={classes.children}>
          {node.children.map((c) => (
            <DepartmentCard key={c.id} node={c} manage={manage} onEdit={onEdit} onAddChild={onAddChild} onDelete={onDelete} />
          ))}
        </div>
      ) : null}
    </Card>
  );
}

/** «Структура компании»: departments as nested cards with heads and employee counts. */
export default function StructurePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('structure.title'));
  const me = useSession();
  const manage = can(me, 'departments.manage');
  const departments = useDepartments();
  const tree = useMemo(() => buildDepartmentTree(departments.data ?? []), [departments.data]);
  const [modal, setModal] = useState<DepartmentModalState>(null);
  const [toDelete, setToDelete] = useState<DepartmentNode | null>(null);
  const remove = useDeleteDepartment();

  const confirmDelete = () => {
    if (!toDelete) return;
    const name = toDelete.name;
    remove.mutate(toDelete.id, {
      onSuccess: () => {
        showSuccess(t('structure.deleted', { name }));
        setToDelete(null);
      },
    });
  };

  return (
    <>
      <PageHeader
        title={t('structure.title')}
        actions={
          manage ? (
            <Button leftSection={<IconPlus size={18} />} onClick={() => setModal({ mode: 'create', parentId: tree.length === 1 ? tree[0].id : null })}>
              {t('structure.add')}
            </Button>
          ) : null
        }
      />
      {departments.isPending ? (
        <Stack gap="md" aria-busy="true">
          <Card>
            <Group gap="sm">
              <Skeleton h={36} w={36} radius="md" />
              <Skeleton h={16} w={200} />
            </Group>
            <Stack gap="sm" mt="md" pl="xl">
              {[0, 1, 2].map((i) => (
                <Skeleton key={i} h={90} radius="md" />
              ))}
            </Stack>
          </Card>
        </Stack>
      ) : departments.isError ? (
        <Card>
          <ErrorState error={departments.error} onRetry={() => void departments.refetch()} />
        </Card>
      ) : tree.length === 0 ? (
        <Card>
          <EmptyState
            icon={<IconUsers size={30} />}
            title={t('structure.emptyTitle')}
            description={t('structure.empty')}
            action={
              manage ? (
                <Button leftSection={<IconPlus size={18} />} onClick={() => setModal({ mode: 'create', parentId: null })}>
                  {t('structure.add')}
                </Button>
              ) : null
            }
          />
        </Card>
      ) : (
        <Stack gap="md">
          {tree.map((n) => (
            <DepartmentCard
              key={n.id}
              node={n}
              manage={manage}
              onEdit={(d) => setModal({ mode: 'edit', department: d })}
              onAddChild={(d) => setModal({ mode: 'create', parentId: d.id })}
              onDelete={setToDelete}
            />
          ))}
        </Stack>
      )}

      <DepartmentModal state={modal} onClose={() => setModal(null)} />

      <Modal opened={toDelete !== null} onClose={() => setToDelete(null)} title={t('structure.deleteTitle')} closeButtonProps={{ 'aria-label': t('common.close') }}>
        <Text size="sm">{t('structure.deleteText', { name: toDelete?.name ?? '' })}</Text>
        {toDelete && (toDelete.children.length > 0 || toDelete.employeeCount > 0) ? (
          <Badge color="orange" variant="light" mt="sm" radius="sm">
            {t('structure.deleteWarning')}
          </Badge>
        ) : null}
        <Group justify="flex-end" gap="sm" mt="lg">
          <Button variant="default" onClick={() => setToDelete(null)} disabled={remove.isPending}>
            {t('common.cancel')}
          </Button>
          <Button color="red" onClick={confirmDelete} loading={remove.isPending}>
            {t('common.delete')}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
