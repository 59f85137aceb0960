import { Card, Group, SimpleGrid, Skeleton, Text, Title } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ErrorState } from '../../../ui/ErrorState';
import { useTasksT } from '../i18n';
import { useScrumReports } from './api';

const short = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}`;

/** «Отчёты»: the burndown of the running (or last) sprint and the team's velocity over the last sprints. */
export function ReportsTab({ groupId }: { groupId: number }) {
  const { t } = useTasksT();
  const reports = useScrumReports(groupId);
  if (reports.error) return <ErrorState error={reports.error} onRetry={() => void reports.refetch()} />;
  if (!reports.data) return <Skeleton h={320} radius="md" />;
  const { sprint, burndown, velocity } = reports.data;
  const average = velocity.length ? Math.round(velocity.reduce((s, v) => s + v.completed, 0) / velocity.length) : 0;
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
      <Card withBorder radius="md" role="figure" aria-label={t('scrum.burndown')}>
        <Title order={3} fz="md" fw={600} mb="xs">
          {sprint ? t('scrum.burndownOf', { title: sprint.title }) : t('scrum.burndown')}
        </Title>
        {burndown.length ? (
          <div style={{ width: '100%', height: 300 }} data-testid="burndown">
            <ResponsiveContainer>
              <LineChart data={burndown.map((d) => ({ ...d, label: short(d.date) }))} margin={{ top: 8, right: 16, bottom: 0, left: -12 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#e9ecef" />
                <XAxis dataKey="label" fontSize={12} />
                <YAxis allowDecimals={false} fontSize={12} />
                <Tooltip />
                <Legend />
                <Line type="linear" dataKey="ideal" name={t('scrum.ideal')} stroke="#adb5bd" strokeDasharray="6 4" dot={false} isAnimationActive={false} />
                <Line type="stepAfter" dataKey="remaining" name={t('scrum.remaining')} stroke="#2fc6f6" strokeWidth={2} connectNulls={false} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
        ) : (
          <Text size="sm" c="dimmed">
            {t('scrum.burndownEmpty')}
          </Text>
        )}
        {burndown.length ? (
          <table className="visually-hidden" aria-label={t('scrum.burndown')}>
            <tbody>
              {burndown.map((d) => (
                <tr key={d.date}>
                  <td>{d.date}</td>
                  <td>{d.ideal}</td>
                  <td>{d.remaining ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Card>
      <Card withBorder radius="md" role="figure" aria-label={t('scrum.velocity')}>
        <Group justify="space-between" mb="xs">
          <Title order={3} fz="md" fw={600}>
            {t('scrum.velocity')}
          </Title>
          {velocity.length ? (
            <Text size="sm" c="dimmed">
              {t('scrum.velocityAverage', { points: average })}
            </Text>
          ) : null}
        </Group>
        {velocity.length ? (
          <div style={{ width: '100%', height: 300 }}>
            <ResponsiveContainer>
              <BarChart data={velocity} margin={{ top: 8, right: 16, bottom: 0, left: -12 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#e9ecef" />
                <XAxis dataKey="title" fontSize={12} />
                <YAxis allowDecimals={false} fontSize={12} />
                <Tooltip />
                <Legend />
                <Bar dataKey="planned" name={t('scrum.planned')} fill="#c5e8f7" isAnimationActive={false} />
                <Bar dataKey="completed" name={t('scrum.completed')} fill="#2fc6f6" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        ) : (
          <Text size="sm" c="dimmed">
            {t('scrum.velocityEmpty')}
          </Text>
        )}
      </Card>
    </SimpleGrid>
  );
}
