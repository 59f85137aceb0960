import { Anchor, Badge, Button, Card, CloseButton, Grid, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconBriefcase, IconCalendarEvent, IconClock, IconMapPin, IconPaperclip, IconRepeat, IconUser } from '@tabler/icons-react';
import type { AttendeeAnswer, Calendar, CalendarEvent } from '@vavilon/contracts';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { FileLink, RichTextView } from '../../ui/comments';
import { ErrorState } from '../../ui/ErrorState';
import { Slider } from '../../ui/slider';
import { showError, showSuccess } from '../../ui/toasts';
import { useAnswer, useDeleteEvent, useEvent } from './api';
import { describeRepeat, whenText } from './format';
import { ScopeDialog } from './ScopeDialog';
import { useCalT } from './i18n';

const ANSWER_COLOR: Record<AttendeeAnswer, string> = { pending: 'gray', accepted: 'green', declined: 'red', maybe: 'yellow' };

function Line({ icon, label, children }: { icon: ReactNode; label: string; children: ReactNode }) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <Text c="dimmed" mt={2} aria-hidden>
        {icon}
      </Text>
      <div style={{ minWidth: 0 }}>
        <Text size="xs" c="dimmed">
          {label}
        </Text>
        <Text size="sm">{children}</Text>
      </div>
    </Group>
  );
}

/** An event's card in a slider: when, where, who, the attendees' answers and the user's own «Пойду / Не пойду / Возможно». */
export function EventView({
  id,
  occurrence,
  calendars,
  onClose,
  onEdit,
}: {
  id: number | null;
  occurrence: string | null;
  calendars: Map<number, Calendar>;
  onClose: () => void;
  onEdit: (ev: CalendarEvent, occurrence: string | null) => void;
}) {
  const { t, i18n } = useCalT();
  const q = useEvent(id);
  const answer = useAnswer();
  const del = useDeleteEvent();
  const [asking, setAsking] = useState(false);
  const ev = q.data;
  const title = ev?.title ?? t('title');

  const remove = (scope: 'this' | 'following' | 'all') => {
    if (!ev) return;
    del.mutate(
      { id: ev.id, scope, ...(scope !== 'all' ? { occurrence: occurrence ?? ev.startAt } : {}) },
      {
        onSuccess: () => {
          showSuccess(t('deleted'));
          onClose();
        },
        onError: showError,
      },
    );
  };

  // An occurrence of a series starts at its own time; the rest of the event is the series'.
  const span =
    ev && occurrence && ev.rrule
      ? { start: occurrence, end: new Date(new Date(occurrence).getTime() + (new Date(ev.endAt).getTime() - new Date(ev.startAt).getTime())).toISOString() }
      : ev
        ? { start: ev.startAt, end: ev.endAt }
        : null;
  const cal = ev ? calendars.get(ev.calendarId) : undefined;
  return (
    <Slider opened={id !== null} label={title} onClose={onClose}>
      <Stack p="lg" gap="md" data-testid="event-view">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={4} style={{ minWidth: 0 }}>
            {q.isPending ? (
              <Skeleton h={28} w={320} />
            ) : (
              <Title order={2} fz={22} fw={600}>
                {title}
              </Title>
            )}
            {ev ? (
              <Group gap={6}>
                {cal ? (
                  <Badge variant="light" color="gray" leftSection={<span style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 4, background: ev.color ?? cal.color }} />}>
                    {cal.name}
                  </Badge>
                ) : null}
                {ev.private ? (
                  <Badge variant="light" color="gray">
                    {t('privateMark')}
                  </Badge>
                ) : null}
                {ev.rrule ? (
                  <Badge variant="light" color="blue">
                    {t('recurringMark')}
                  </Badge>
                ) : null}
                {!ev.busyOnly && ev.importance === 'high' ? (
                  <Badge variant="light" color="red">
                    {t('importance.high')}
                  </Badge>
                ) : null}
              </Group>
            ) : null}
          </Stack>
          <CloseButton size="lg" onClick={onClose} aria-label={t('cancel')} />
        </Group>
        {q.error ? <ErrorState error={q.error} onRetry={() => void q.refetch()} /> : null}
        {q.isPending && id !== null ? <Skeleton h={200} radius="md" /> : null}
        {ev && span ? (
          <Grid gap="md" align="flex-start">
            <Grid.Col span={{ base: 12, md: 8 }}>
              <Stack gap="md">
                <Card withBorder radius="md" p="md">
                  <Stack gap="sm">
                    <Line icon={<IconClock size={18} />} label={t('when')}>
                      {whenText(span.start, span.end, ev.allDay, i18n.language)}
                      {ev.timeZone && ev.timeZone !== Intl.DateTimeFormat().resolvedOptions().timeZone ? ` (${ev.timeZone})` : ''}
                    </Line>
                    {ev.rrule ? (
                      <Line icon={<IconRepeat size={18} />} label={t('repeats')}>
                        {describeRepeat(ev.rrule, new Date(ev.startAt), t)}
                      </Line>
                    ) : null}
                    {ev.place || ev.room ? (
                      <Line icon={<IconMapPin size={18} />} label={t('where')}>
                        {[ev.room ? ev.room.name : '', ev.place].filter(Boolean).join(', ')}
                      </Line>
                    ) : null}
                    {ev.organizer ? (
                      <Line icon={<IconUser size={18} />} label={t('organizer')}>
                        <Anchor component={Link} to={`/company/personal/user/${ev.organizer.id}`} size="sm">
                          {ev.organizer.name}
                        </Anchor>
                      </Line>
                    ) : null}
                    {ev.busyOnly ? (
                      <Line icon={<IconCalendarEvent size={18} />} label={t('busy')}>
                        {t('busyOnly')}
                      </Line>
                    ) : null}
                  </Stack>
                </Card>
                {ev.description ? (
                  <Card withBorder radius="md" p="md">
                    <Text size="xs" c="dimmed" mb={6}>
                      {t('field.description')}
                    </Text>
                    <RichTextView html={ev.description} />
                  </Card>
                ) : null}
                {ev.files.length || ev.crmLinks.length ? (
                  <Card withBorder radius="md" p="md">
                    <Stack gap="sm">
                      {ev.files.length ? (
                        <Line icon={<IconPaperclip size={18} />} label={t('field.files')}>
                          <Stack gap={2} component="span" data-testid="event-files">
                            {ev.files.map((f) => (
                              <FileLink key={f.id} file={f} />
                            ))}
                          </Stack>
                        </Line>
                      ) : null}
                      {ev.crmLinks.length ? (
                        <Line icon={<IconBriefcase size={18} />} label={t('field.crm')}>
                          <Stack gap={2} component="span" data-testid="event-crm">
                            {ev.crmLinks.map((l) => (
                              <Group key={`${l.type}:${l.id}`} gap={6} wrap="nowrap" component="span">
                                <Badge size="xs" variant="light" color="gray">
                                  {t(`crmType.${l.type}`)}
                                </Badge>
                                <Anchor component={Link} to={l.url} size="sm" truncate>
                                  {l.title}
                                </Anchor>
                              </Group>
                            ))}
                          </Stack>
                        </Line>
                      ) : null}
                    </Stack>
                  </Card>
                ) : null}
                {ev.canEdit ? (
                  <Group>
                    <Button onClick={() => onEdit(ev, occurrence)}>{t('edit')}</Button>
                    <Button variant="default" color="red" loading={del.isPending} onClick={() => (ev.rrule ? setAsking(true) : window.confirm(t('deleteAsk')) && remove('all'))}>
                      {t('delete')}
                    </Button>
                  </Group>
                ) : null}
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Stack gap="md">
                {ev.myAnswer !== null ? (
                  <Card withBorder radius="md" p="md">
                    <Group justify="space-between" wrap="wrap" gap="sm">
                      <Text size="sm" fw={500}>
                        {t('myAnswer')}:{' '}
                        <Badge color={ANSWER_COLOR[ev.myAnswer]} variant="light">
                          {t(`answer.${ev.myAnswer}`)}
                        </Badge>
                      </Text>
                      <Group gap="xs">
                        {(['accepted', 'declined', 'maybe'] as const).map((a) => (
                          <Button
                            key={a}
                            size="xs"
                            variant={ev.myAnswer === a ? 'filled' : 'default'}
                            color={ANSWER_COLOR[a]}
                            loading={answer.isPending && answer.variables?.answer === a}
                            onClick={() => answer.mutate({ id: ev.id, answer: a }, { onError: showError })}
                          >
                            {t(`answer.${a}`)}
                          </Button>
                        ))}
                      </Group>
                    </Group>
                  </Card>
                ) : null}
                {!ev.busyOnly ? (
                  <Card withBorder radius="md" p="md" data-testid="event-attendees">
                    <Text size="sm" fw={600} mb="xs">
                      {t('attendees')} {ev.attendees.length ? `(${ev.attendees.length})` : ''}
                    </Text>
                    {ev.attendees.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        {t('noAttendees')}
                      </Text>
                    ) : (
                      <Stack gap={6}>
                        {ev.attendees.map((a) => (
                          <Group key={a.userId} justify="space-between" wrap="nowrap" data-testid="attendee">
                            <Anchor component={Link} to={`/company/personal/user/${a.userId}`} size="sm">
                              {a.name}
                            </Anchor>
                            <Badge variant="light" color={ANSWER_COLOR[a.answer]}>
                              {t(`answerState.${a.answer}`)}
                            </Badge>
                          </Group>
                        ))}
                      </Stack>
                    )}
                  </Card>
                ) : null}
              </Stack>
            </Grid.Col>
          </Grid>
        ) : null}
      </Stack>
      <ScopeDialog
        opened={asking}
        title={t('scopeDeleteTitle')}
        onPick={(s) => {
          setAsking(false);
          remove(s);
        }}
        onCancel={() => setAsking(false)}
      />
    </Slider>
  );
}
