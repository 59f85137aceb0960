import { Badge, Button, Divider, Group, Modal, Popover, SimpleGrid, Skeleton, Stack, Text, Textarea, UnstyledButton } from '@mantine/core';
import { IconClock, IconPlayerPause, IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import type { WorkdayDay } from '@vavilon/contracts';
import { useEffect, useState } from 'react';
import { isApiError } from '../../api/client';
import { showError } from '../../ui/toasts';
import { useWorkdayAction, useWorkdayStatus } from './api';
import { duration, useWdT } from './i18n';
import { features } from '../index';

const time = (iso: string | null, lang: string) => (iso ? new Date(iso).toLocaleTimeString(lang === 'ru' ? 'ru-RU' : 'en-GB', { hour: '2-digit', minute: '2-digit' }) : '—');

/** Worked ms now: the server's figure plus the time since it answered, only while working. */
function useLiveWorked(day: WorkdayDay | undefined): number {
  const [tick, setTick] = useState(() => Date.now());
  const working = day?.state === 'working';
  useEffect(() => {
    if (!working) return;
    const id = setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(id);
  }, [working]);
  if (!day) return 0;
  if (!working) return day.workedMs;
  return day.workedMs + Math.max(0, tick - Date.parse(day.at));
}

const COLOR = { not_started: 'gray', working: 'green', paused: 'yellow', finished: 'blue' } as const;

/** The top bar's «Рабочий день»: the state, the worked time ticking while working, one main button; expanded, today's intervals. */
export function WorkdayPanel() {
  const { t, i18n } = useWdT();
  const status = useWorkdayStatus();
  const action = useWorkdayAction();
  const [opened, setOpened] = useState(false);
  const [ask, setAsk] = useState<null | 'open' | 'close'>(null);
  const [report, setReport] = useState('');
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const day = status.data;
  const worked = useLiveWorked(day);
  if (status.isPending) return <Skeleton h={32} w={150} radius="xl" />;
  if (!day) return null;

  const lateNow = day.state === 'not_started' && day.workingDay && !!day.plannedStart && Date.now() > Date.parse(day.plannedStart);
  const earlyNow = (day.state === 'working' || day.state === 'paused') && !!day.plannedEnd && Date.now() < Date.parse(day.plannedEnd);
  const run = (a: 'open' | 'pause' | 'close', body?: Record<string, string>) =>
    action.mutate(
      { action: a, body },
      {
        onSuccess: () => {
          setAsk(null);
          setReport('');
          setReason('');
          setReasonError(null);
        },
        onError: (e) => {
          const f = isApiError(e) ? e.fields?.find((x) => x.field === 'reason') : undefined;
          if (f) {
            setAsk(a === 'pause' ? null : a);
            setReasonError(f.message);
          } else showError(e);
        },
      },
    );
  const main = () => {
    if (day.state === 'not_started' && lateNow && day.reasonRequired) {
      setOpened(false);
      return setAsk('open');
    }
    if (day.state === 'not_started') return run('open');
    if (day.state === 'working') return run('pause');
    if (day.state === 'paused') return run('open');
  };
  const mainLabel = day.state === 'not_started' ? t('start') : day.state === 'working' ? t('pause') : day.state === 'paused' ? t('resume') : t('finished');
  const MainIcon = day.state === 'working' ? IconPlayerPause : IconPlayerPlay;
  const sections = features.flatMap((f) => f.todaySections ?? []).sort((a, b) => a.order - b.order);

  return (
    <>
      <Popover opened={opened} onChange={setOpened} position="bottom-end" width={340} shadow="lg" radius="md" offset={10} withinPortal>
        <Popover.Target>
          <UnstyledButton
            onClick={() => setOpened((o) => !o)}
            aria-label={`${t('panel')}: ${t(`state.${day.state}`)}`}
            aria-expanded={opened}
            data-testid="workday-panel"
            data-state={day.state}
            style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '4px 10px', borderRadius: 999, border: '1px solid var(--mantine-color-gray-3)' }}
          >
            <IconClock size={18} color={`var(--mantine-color-${COLOR[day.state]}-6)`} />
            {/* On a phone the top bar keeps the clock alone (its colour tells the state); the time and state open with it. */}
            <Text size="sm" fw={600} data-testid="workday-worked" visibleFrom="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {day.state === 'not_started' ? t('panel') : duration(worked, t)}
            </Text>
            <Badge size="sm" variant="light" color={COLOR[day.state]} visibleFrom="md">
              {t(`state.${day.state}`)}
            </Badge>
          </UnstyledButton>
        </Popover.Target>
        <Popover.Dropdown role="dialog" aria-label={t('panel')}>
          <Stack gap="sm">
            <Group justify="space-between">
              <Text fw={600}>
                {t('today')}, {new Date().toLocaleDateString(i18n.language === 'ru' ? 'ru-RU' : 'en-GB', { day: 'numeric', month: 'long' })}
              </Text>
              <Badge variant="light" color={COLOR[day.state]}>
                {t(`state.${day.state}`)}
              </Badge>
            </Group>
            <SimpleGrid cols={3} spacing="xs">
              <Stack gap={0}>
                <Text size="xs" c="dimmed">
                  {t('worked')}
                </Text>
                <Text fw={700} data-testid="workday-worked-full">
                  {duration(worked, t)}
                </Text>
              </Stack>
              <Stack gap={0}>
                <Text size="xs" c="dimmed">
                  {t('breaks')}
                </Text>
                <Text fw={600}>{duration(day.breakMs, t)}</Text>
              </Stack>
              <Stack gap={0}>
                <Text size="xs" c="dimmed">
                  {t('plannedEnd')}
                </Text>
                <Text fw={600}>{time(day.plannedEnd, i18n.language)}</Text>
              </Stack>
            </SimpleGrid>
            <Divider label={t('intervals')} labelPosition="left" />
            {day.intervals.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('noIntervals')}
              </Text>
            ) : (
              <Stack gap={2} data-testid="workday-intervals">
                {day.intervals.map((iv, i) => (
                  <Text key={i} size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {time(iv.start, i18n.language)} – {iv.end ? time(iv.end, i18n.language) : '…'}
                  </Text>
                ))}
              </Stack>
            )}
            {(day.flags.late || day.flags.unclosed) && (
              <Group gap={6}>
                {day.flags.late && <Badge color="orange">{t('late')}</Badge>}
                {day.flags.unclosed && <Badge color="red">{t('unclosed')}</Badge>}
              </Group>
            )}
            {sections.map((S) => (
              <S.component key={S.id} />
            ))}
            {day.state !== 'finished' && (
              <Group grow>
                <Button leftSection={<MainIcon size={16} />} onClick={main} loading={action.isPending} color={day.state === 'working' ? 'yellow' : 'green'}>
                  {mainLabel}
                </Button>
              </Group>
            )}
            {(day.state === 'working' || day.state === 'paused') && (
              <Button
                variant="light"
                color="red"
                leftSection={<IconPlayerStop size={16} />}
                onClick={() => {
                  setOpened(false);
                  setAsk('close');
                }}
              >
                {t('finish')}
              </Button>
            )}
          </Stack>
        </Popover.Dropdown>
      </Popover>
      <Modal opened={ask !== null} onClose={() => setAsk(null)} title={ask === 'open' ? t('start') : t('finish')} centered>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const needReason = day.reasonRequired && (ask === 'open' ? lateNow : earlyNow);
            if (needReason && !reason.trim()) return setReasonError(t('required'));
            run(ask!, ask === 'close' ? { report, ...(reason.trim() ? { reason } : {}) } : { reason });
          }}
        >
          <Stack>
            {ask === 'close' && <Textarea label={t('report')} placeholder={t('reportHint')} autosize minRows={3} value={report} onChange={(e) => setReport(e.currentTarget.value)} data-autofocus />}
            {((ask === 'open' && lateNow) || (ask === 'close' && earlyNow && day.reasonRequired) || reasonError) && (
              <Textarea
                label={ask === 'open' ? t('reasonLate') : t('reasonEarly')}
                required={day.reasonRequired}
                value={reason}
                error={reasonError}
                onChange={(e) => setReason(e.currentTarget.value)}
              />
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAsk(null)}>
                {t('cancel')}
              </Button>
              <Button type="submit" loading={action.isPending}>
                {ask === 'open' ? t('start') : t('finish')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
