import { Badge, Button, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconRun, IconUsersGroup } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyState } from '../../../ui/EmptyState';
import { ErrorState } from '../../../ui/ErrorState';
import { PageSkeleton } from '../../../ui/PageSkeleton';
import { formatDate } from '../../../ui/format';
import { TasksPage } from '../TasksFrame';
import { useTasksT } from '../i18n';
import { useScrumProjects } from './api';

/** /tasks/scrum: the Scrum projects the user is a member of, each with its running sprint. */
export function ProjectsList() {
  const { t } = useTasksT();
  const projects = useScrumProjects();
  return (
    <TasksPage view="scrum">
      {projects.error ? (
        <ErrorState error={projects.error} onRetry={() => void projects.refetch()} />
      ) : !projects.data ? (
        <PageSkeleton />
      ) : projects.data.length === 0 ? (
        <Card withBorder radius="md">
          <EmptyState
            icon={<IconRun size={30} />}
            title={t('scrum.emptyTitle')}
            description={t('scrum.emptyText')}
            action={
              <Button component={Link} to="/groups" leftSection={<IconUsersGroup size={16} />}>
                {t('scrum.createInGroups')}
              </Button>
            }
          />
        </Card>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" role="list" aria-label={t('scrum.projects')}>
          {projects.data.map((p) => (
            <Card key={p.id} withBorder radius="md" shadow="xs" role="listitem" aria-label={p.name}>
              <Stack gap={8}>
                <Text fw={600} size="lg" component={Link} to={`/tasks/scrum/${p.id}`} c="dark.7" style={{ textDecoration: 'none' }}>
                  {p.name}
                </Text>
                <Group gap={6}>
                  {p.activeSprint ? (
                    <Badge color="green" variant="light">
                      {t('scrum.activeSprint', { title: p.activeSprint.title })}
                      {p.activeSprint.dateEnd ? ` ${t('scrum.untilDate', { date: formatDate(p.activeSprint.dateEnd) })}` : ''}
                    </Badge>
                  ) : (
                    <Badge color="gray" variant="light">
                      {t('scrum.noActiveSprint')}
                    </Badge>
                  )}
                </Group>
                <Text size="sm" c="dimmed">
                  {t('scrum.backlogCount', { count: p.backlogCount })}
                </Text>
                <Group justify="flex-end">
                  <Button component={Link} to={`/tasks/scrum/${p.id}`} variant="light" size="xs" aria-label={`${t('scrum.open')}: ${p.name}`}>
                    {t('scrum.open')}
                  </Button>
                </Group>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      )}
    </TasksPage>
  );
}
