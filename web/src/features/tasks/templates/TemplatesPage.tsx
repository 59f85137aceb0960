import { Badge, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { IconChecklist, IconEdit, IconPlus, IconRepeat, IconTrash } from '@tabler/icons-react';
import type { TaskTemplate } from '@vavilon/contracts';
import { Route, Routes, useNavigate } from 'react-router';
import { ActionMenu } from '../../../ui/ActionMenu';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorState } from '../../../ui/ErrorState';
import { PageSkeleton } from '../../../ui/PageSkeleton';
import { formatDateTime } from '../../../ui/format';
import { showError, showSuccess } from '../../../ui/toasts';
import { TasksPage } from '../TasksFrame';
import { useTasksT } from '../i18n';
import { useOpenTask } from '../navigation';
import { useTemplates, useTemplateWrites } from './api';
import { repeatSummary } from './summary';
import TemplateFormPage from './TemplateForm';
import './i18n';

/** «Шаблоны» under /tasks/templates: the list, a new template's form (`new`) and a template's form (`<id>`). */
export default function TemplatesPage() {
  return (
    <Routes>
      <Route index element={<TemplateList />} />
      <Route path=":id" element={<TemplateFormPage />} />
    </Routes>
  );
}

function TemplateList() {
  const { t, i18n } = useTasksT();
  const list = useTemplates();
  const navigate = useNavigate();
  const writes = useTemplateWrites();
  const openTask = useOpenTask();
  const items = list.data?.items ?? [];

  const createTask = (tpl: TaskTemplate) =>
    writes.createTask.mutate(tpl.id, {
      onSuccess: (made) => {
        showSuccess(t('templates.taskCreated', { title: made.title }));
        openTask(made.taskId);
      },
      onError: showError,
    });
  const remove = (tpl: TaskTemplate) => {
    if (!window.confirm(t('templates.confirmDelete', { title: tpl.title }))) return;
    writes.remove.mutate(tpl.id, { onSuccess: () => showSuccess(t('templates.deleted')), onError: showError });
  };

  const createButton = (
    <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => navigate('new')}>
      {t('templates.create')}
    </Button>
  );

  let body;
  if (list.isLoading) body = <PageSkeleton />;
  else if (list.isError) body = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  else if (!items.length)
    body = (
      <Paper withBorder radius="md">
        <EmptyState icon={<IconChecklist size={30} />} title={t('templates.emptyTitle')} description={t('templates.emptyText')} action={createButton} />
      </Paper>
    );
  else
    body = (
      <Paper withBorder radius="md">
        <Table verticalSpacing="sm" highlightOnHover data-testid="templates-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('templates.col.title')}</Table.Th>
              <Table.Th>{t('templates.col.responsible')}</Table.Th>
              <Table.Th>{t('templates.col.repeat')}</Table.Th>
              <Table.Th>{t('templates.col.next')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((tpl) => (
              <Table.Tr key={tpl.id} data-template={tpl.title}>
                <Table.Td>
                  <Stack gap={2}>
                    <Text fw={500} style={{ cursor: 'pointer' }} onClick={() => navigate(String(tpl.id))}>
                      {tpl.title}
                    </Text>
                    {tpl.checklist.length || tpl.subtasks.length ? (
                      <Text size="xs" c="dimmed">
                        {[
                          tpl.checklist.length ? `${t('templates.section.checklist')}: ${tpl.checklist.reduce((s, g) => s + g.items.length, 0)}` : null,
                          tpl.subtasks.length ? `${t('templates.section.subtasks')}: ${tpl.subtasks.length}` : null,
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </Text>
                    ) : null}
                  </Stack>
                </Table.Td>
                <Table.Td>{tpl.responsible?.fullName ?? tpl.author?.fullName ?? '—'}</Table.Td>
                <Table.Td>
                  {tpl.repeat ? (
                    <Group gap={6} wrap="nowrap">
                      <IconRepeat size={16} color={tpl.repeating ? 'var(--mantine-color-blue-6)' : 'var(--mantine-color-gray-5)'} />
                      <Text size="sm" c={tpl.repeating ? undefined : 'dimmed'}>
                        {repeatSummary(tpl.repeat, t, i18n.language)}
                        {tpl.repeating ? '' : ` (${t('templates.repeatOff').toLowerCase()})`}
                      </Text>
                    </Group>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('templates.noRepeat')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {tpl.nextRunAt ? <Text size="sm">{formatDateTime(tpl.nextRunAt)}</Text> : <Text c="dimmed">—</Text>}
                  {tpl.runs ? (
                    <Badge variant="light" size="sm" mt={4}>
                      {t('templates.col.runs')}: {tpl.runs}
                    </Badge>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    <Button size="xs" variant="light" onClick={() => createTask(tpl)} loading={writes.createTask.isPending && writes.createTask.variables === tpl.id}>
                      {t('templates.createTask')}
                    </Button>
                    <ActionMenu
                      label={t('templates.actions')}
                      position="bottom-end"
                      items={[
                        { label: t('templates.edit'), icon: <IconEdit size={16} />, onClick: () => navigate(String(tpl.id)) },
                        { label: t('templates.delete'), icon: <IconTrash size={16} />, color: 'red', onClick: () => remove(tpl) },
                      ]}
                    />
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    );

  return (
    <TasksPage view="templates" actions={items.length ? createButton : undefined}>
      {body}
    </TasksPage>
  );
}
