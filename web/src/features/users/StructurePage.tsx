import { ActionIcon, Anchor, Badge, Button, Card, Group, Menu, Modal, Skeleton, Stack, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { IconBuilding, IconChevronDown, IconChevronUp, IconDotsVertical, IconHierarchy2, IconPencil, IconPlus, IconTrash, IconUsers } from '@tabler/icons-react';
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

interface BoxProps {
  node: DepartmentNode;
  manage: boolean;
  collapsed: Set<number>;
  onToggle: (n: DepartmentNode) => void;
  onEdit: (n: DepartmentNode) => void;
  onAddChild: (n: DepartmentNode) => void;
  onDelete: (n: DepartmentNode) => void;
}

/** Everyone in the department and in the departments under it. */
function totalEmployees(node: DepartmentNode): number {
  return node.employeeCount + node.children.reduce((s, c) => s + totalEmployees(c), 0);
}

/** One department of the chart: name, head, employee count; its sub-departments below, joined by lines. */
function DepartmentBranch(props: BoxProps) {
  const { node, manage, collapsed, onToggle, onEdit, onAddChild, onDelete } = props;
  const { t } = useTranslation();
  const open = !collapsed.has(node.id);
  const hasChildren = node.children.length > 0;
  return (
    <li className={classes.branch} role="treeitem" aria-label={node.name} aria-level={node.depth + 1} aria-expanded={hasChildren ? open : undefined}>
      <section className={classes.box} data-depth={node.depth} aria-label={node.name}>
        <Group justify="space-between" wrap="nowrap" gap={6} align="flex-start">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <ThemeIcon variant="light" size={30} radius="md" color={node.depth === 0 ? 'brand' : 'teal'}>
              {node.depth === 0 ? <IconBuilding size={18} /> : <IconHierarchy2 size={16} />}
            </ThemeIcon>
            <Text fw={600} size="sm" lh={1.3} className={classes.boxTitle}>
              {node.name}
            </Text>
          </Group>
          {manage ? (
            <Menu position="bottom-end" withinPortal shadow="md">
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('structure.actionsFor', { name: node.name })}>
                  <IconDotsVertical size={16} />
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

        <Group gap="xs" mt="sm" wrap="nowrap" className={classes.head}>
          {node.head ? (
            <>
              <UserAvatar user={node.head} size={32} />
              <div style={{ minWidth: 0 }}>
                <Anchor component={Link} to={`/company/personal/user/${node.head.id}`} size="sm" fw={500} c="dark.7" lineClamp={1}>
                  {node.head.fullName}
                </Anchor>
                <Text size="xs" c="dimmed" lineClamp={2}>
                  {t('structure.head')}
                  {node.head.position ? ` · ${node.head.position}` : ''}
                </Text>
              </div>
            </>
          ) : (
            <Text size="xs" c="dimmed">
              {t('structure.noHead')}
            </Text>
          )}
        </Group>

        <Group justify="space-between" gap={6} mt="sm" wrap="nowrap" className={classes.boxFooter}>
          <Anchor component={Link} to={`/company?department=${node.id}`} size="xs">
            {t('structure.employees', { count: node.employeeCount })}
          </Anchor>
          {hasChildren ? (
            <UnstyledButton
              className={classes.toggle}
              onClick={() => onToggle(node)}
              aria-expanded={open}
              aria-label={open ? t('structure.collapse', { name: node.name }) : t('structure.expand', { name: node.name })}
            >
              {open ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />}
              <span>{t('structure.subdepartments', { count: node.children.length })}</span>
            </UnstyledButton>
          ) : null}
        </Group>
        {hasChildren && !open ? (
          <Text size="xs" c="dimmed" mt={4}>
            {t('structure.totalEmployees', { count: totalEmployees(node) })}
          </Text>
        ) : null}
      </section>

      {hasChildren && open ? (
        <ul className={classes.level} role="group">
          {node.children.map((c) => (
            <DepartmentBranch key={c.id} {...props} node={c} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** «Структура компании»: the departments as a chart, top-down, with heads and employee counts; branches fold. */
export default function StructurePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('structure.title'));
  const me = useSession();
  const manage = can(me, 'departments.manage');
  const departments = useDepartments();
  const tree = useMemo(() => buildDepartmentTree(departments.data ?? []), [departments.data]);
  const [modal, setModal] = useState<DepartmentModalState>(null);
  const [toDelete, setToDelete] = useState<DepartmentNode | null>(null);
  const [collapsed, setCollapsed] = useState<Set<number>>(() => new Set());
  const toggle = (n: DepartmentNode) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(n.id)) next.delete(n.id);
      else next.add(n.id);
      return next;
    });
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
        <Card p={0} className={classes.chartCard}>
          <div className={classes.chart}>
            <ul className={`${classes.level} ${classes.root}`} role="tree" aria-label={t('structure.title')}>
              {tree.map((n) => (
                <DepartmentBranch
                  key={n.id}
                  node={n}
                  manage={manage}
                  collapsed={collapsed}
                  onToggle={toggle}
                  onEdit={(d) => setModal({ mode: 'edit', department: d })}
                  onAddChild={(d) => setModal({ mode: 'create', parentId: d.id })}
                  onDelete={setToDelete}
                />
              ))}
            </ul>
          </div>
        </Card>
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
