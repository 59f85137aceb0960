import { ActionIcon, Button, Checkbox, ColorSwatch, CopyButton, FileButton, Group, Modal, SegmentedControl, Skeleton, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconSettings, IconX } from '@tabler/icons-react';
import type { Calendar } from '@vavilon/contracts';
import { useState } from 'react';
import { UserPicker } from '../../ui/fields';
import { showError, showSuccess } from '../../ui/toasts';
import { useFeed, useImport, useUpdateCalendar } from './api';
import { useCalT } from './i18n';
import classes from './calendar.module.css';

/** The colour of the tasks' layer in «Мой календарь». */
export const LAYER_COLOR = '#7a5cff';
/** The colour of a layer's items: CRM activities in the CRM's red, tasks in the tasks' violet. */
export const layerColor = (layer: string) => (layer.startsWith('crm.') ? '#ff5752' : LAYER_COLOR);
const COLORS = ['#2fc6f6', '#9dcf00', '#ff5752', '#f7a700', '#7a5cff', '#00b4ac', '#1f6fd6', '#e667c4', '#8c99a5'];

export interface CalendarSideProps {
  calendars: Calendar[];
  loading: boolean;
  hidden: number[];
  onToggle: (id: number) => void;
  layers: boolean;
  onToggleLayers: () => void;
  meId: number;
  colleagues: number[];
  onAddColleague: (userId: number) => void;
  onRemoveColleague: (userId: number) => void;
}

function Row({ color, label, checked, onChange, children }: { color: string; label: string; checked: boolean; onChange: () => void; children?: React.ReactNode }) {
  return (
    <div className={classes.calRow}>
      <Checkbox
        checked={checked}
        onChange={onChange}
        color={color}
        size="sm"
        aria-label={label}
        styles={{
          input: { borderColor: color, cursor: 'pointer' },
          body: { minWidth: 0 },
          labelWrapper: { minWidth: 0, flex: 1 },
          label: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
        }}
        label={<span className={classes.calName}>{label}</span>}
        style={{ flex: 1, minWidth: 0 }}
      />
      {children}
    </div>
  );
}

/** The list of calendars at the left of the grid: the user's, the company's, their groups', colleagues' added to the view; each shown or hidden. */
export function CalendarSide(props: CalendarSideProps) {
  const { calendars, loading, hidden, onToggle, layers, onToggleLayers, meId, onAddColleague, onRemoveColleague } = props;
  const { t } = useCalT();
  const [settings, setSettings] = useState<Calendar | null>(null);
  const ownList = calendars.filter((c) => c.kind !== 'user' || c.ownerId === meId);
  const colleagueList = calendars.filter((c) => c.kind === 'user' && c.ownerId !== meId);
  return (
    <aside className={classes.side} aria-label={t('calendars')}>
      <Stack gap="md">
        <Stack gap={2}>
          <Title order={2} fz="sm" fw={700} c="dimmed" tt="uppercase" mb={4}>
            {t('calendars')}
          </Title>
          {loading
            ? Array.from({ length: 3 }, (_, i) => <Skeleton key={i} h={22} my={4} />)
            : ownList.map((c) => (
                <div key={c.id}>
                  <Row color={c.color} label={c.name} checked={!hidden.includes(c.id)} onChange={() => onToggle(c.id)}>
                    {c.manage || (c.kind !== 'user' && c.details) ? (
                      <Tooltip label={t('settings')}>
                        <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`${t('settings')}: ${c.name}`} onClick={() => setSettings(c)}>
                          <IconSettings size={15} />
                        </ActionIcon>
                      </Tooltip>
                    ) : null}
                  </Row>
                  {c.kind === 'user' && c.ownerId === meId ? (
                    <div style={{ paddingLeft: 22 }}>
                      <Row color={LAYER_COLOR} label={t('layers')} checked={layers} onChange={onToggleLayers} />
                    </div>
                  ) : null}
                </div>
              ))}
        </Stack>
        <Stack gap={2}>
          <Title order={2} fz="sm" fw={700} c="dimmed" tt="uppercase" mb={4}>
            {t('colleagues')}
          </Title>
          {colleagueList.map((c) => (
            <Row key={c.id} color={c.color} label={c.name} checked={!hidden.includes(c.id)} onChange={() => onToggle(c.id)}>
              <Tooltip label={t('removeColleague')}>
                <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`${t('removeColleague')}: ${c.name}`} onClick={() => onRemoveColleague(c.ownerId!)}>
                  <IconX size={14} />
                </ActionIcon>
              </Tooltip>
            </Row>
          ))}
          <UserPicker value={null} onChange={(u) => u && onAddColleague(u.id)} excludeId={meId} placeholder={t('addColleague')} aria-label={t('addColleague')} size="xs" mt={4} />
        </Stack>
      </Stack>
      {settings ? <CalendarSettings calendar={calendars.find((c) => c.id === settings.id) ?? settings} onClose={() => setSettings(null)} /> : null}
    </aside>
  );
}

/** A calendar's settings: what colleagues see (a personal one), its colour, the subscription address, an import. */
function CalendarSettings({ calendar, onClose }: { calendar: Calendar; onClose: () => void }) {
  const { t } = useCalT();
  const update = useUpdateCalendar();
  const feed = useFeed();
  const imp = useImport();
  const [url, setUrl] = useState('');
  const patch = (v: { access?: 'busy' | 'details'; color?: string }) => update.mutate({ id: calendar.id, version: calendar.version, ...v }, { onError: showError });
  return (
    <Modal opened onClose={onClose} title={`${t('settings')}: ${calendar.name}`} zIndex={300}>
      <Stack gap="md">
        {calendar.manage && calendar.kind === 'user' ? (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('access.label')}
            </Text>
            <SegmentedControl
              value={calendar.access}
              onChange={(v) => patch({ access: v as 'busy' | 'details' })}
              data={[
                { value: 'busy', label: t('access.busy') },
                { value: 'details', label: t('access.details') },
              ]}
            />
          </Stack>
        ) : null}
        {calendar.manage ? (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('color')}
            </Text>
            <Group gap={6}>
              {COLORS.map((c) => (
                <ColorSwatch key={c} color={c} component="button" type="button" aria-label={c} onClick={() => patch({ color: c })} style={{ cursor: 'pointer' }}>
                  {calendar.color === c ? <IconCheck size={14} color="white" /> : null}
                </ColorSwatch>
              ))}
            </Group>
          </Stack>
        ) : null}
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('feed')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('feedHint')}
          </Text>
          {url ? (
            <Group gap="xs" wrap="nowrap">
              <TextInput value={url} readOnly style={{ flex: 1 }} aria-label={t('feed')} onFocus={(e) => e.currentTarget.select()} />
              <CopyButton value={url}>
                {({ copied, copy }) => (
                  <ActionIcon variant="light" onClick={copy} aria-label="copy">
                    {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                  </ActionIcon>
                )}
              </CopyButton>
            </Group>
          ) : null}
          <Group>
            <Button
              variant="default"
              size="xs"
              loading={feed.isPending}
              onClick={() => feed.mutate(calendar.id, { onSuccess: (r) => setUrl(r.url.startsWith('/') ? `${location.origin}${r.url}` : r.url), onError: showError })}
            >
              {t('feedMake')}
            </Button>
          </Group>
        </Stack>
        {calendar.canAdd ? (
          <Group>
            <FileButton
              accept=".ics,text/calendar"
              onChange={(file) => {
                if (!file) return;
                void file.text().then((ics) => imp.mutate({ id: calendar.id, ics }, { onSuccess: (r) => showSuccess(t('imported', { count: r.imported })), onError: showError }));
              }}
            >
              {(p) => (
                <Button variant="default" size="xs" loading={imp.isPending} {...p}>
                  {t('import')}
                </Button>
              )}
            </FileButton>
          </Group>
        ) : null}
      </Stack>
    </Modal>
  );
}
