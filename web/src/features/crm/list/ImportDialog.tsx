import { Alert, Anchor, Button, FileInput, Group, Modal, Progress, Radio, ScrollArea, Select, Stack, Stepper, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { isApiError } from '../../../api/client';
import { entityKey, startImport, uploadImport, useFields, useImportProgress } from '../api';
import { useCrmT } from '../i18n';
import { cardPath, useOpenCard } from '../navigation';
import type { DuplicatePolicy, EntityType, ImportProgress, ImportUpload } from '../types';

/** Standard fields a file column can fill, per item type. */
const IMPORT_FIELDS: Record<EntityType, string[]> = {
  company: ['title', 'industry', 'revenue', 'phones', 'emails', 'websites', 'address', 'inn', 'kpp', 'ogrn', 'comments', 'source', 'utmSource', 'utmMedium', 'utmCampaign'],
  contact: ['lastName', 'firstName', 'middleName', 'position', 'birthday', 'phones', 'emails', 'comments', 'source', 'utmSource', 'utmMedium', 'utmCampaign'],
  deal: ['title', 'amount', 'currency', 'stage', 'beginDate', 'closeDate', 'comments', 'source', 'utmSource', 'utmMedium', 'utmCampaign'],
  lead: ['title', 'lastName', 'firstName', 'middleName', 'position', 'companyTitle', 'amount', 'phones', 'emails', 'comments', 'source', 'utmSource', 'utmMedium', 'utmCampaign'],
};

const DONE = ['done', 'failed'];

/** «Импорт»: file → mapping with preview and the duplicate policy → live progress → report of bad rows. */
export function ImportDialog({ entity, opened, onClose }: { entity: EntityType; opened: boolean; onClose: () => void }) {
  const { t } = useCrmT();
  const qc = useQueryClient();
  const fields = useFields(entity);
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [upload, setUpload] = useState<ImportUpload | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [policy, setPolicy] = useState<DuplicatePolicy>('skip');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [importId, setImportId] = useState<string | number | null>(null);
  const progress = useImportProgress(importId);

  useEffect(() => {
    if (!opened) return;
    setStep(0);
    setFile(null);
    setUpload(null);
    setMapping({});
    setPolicy('skip');
    setError(null);
    setImportId(null);
  }, [opened]);

  const fieldOptions = useMemo(() => {
    if (upload?.fields?.length) return [{ value: '', label: t('import.skipColumn') }, ...upload.fields.map((f) => ({ value: f.key, label: f.required ? `${f.label} *` : f.label }))];
    const std = IMPORT_FIELDS[entity].map((k) => ({ value: k, label: t(`fields.${k === 'title' && entity === 'company' ? 'companyTitle' : k === 'companyTitle' ? 'leadCompany' : k}`) }));
    const custom = (fields.data ?? []).filter((f) => f.canEdit).map((f) => ({ value: `custom.${f.code}`, label: f.label }));
    return [{ value: '', label: t('import.skipColumn') }, ...std, ...custom];
  }, [upload, fields.data, entity, t]);

  const status = progress.data?.status;
  const finished = status ? DONE.includes(status) : false;

  useEffect(() => {
    if (finished) void qc.invalidateQueries({ queryKey: entityKey(entity) });
  }, [finished]);

  const doUpload = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const u = await uploadImport(entity, file);
      setUpload(u);
      const m: Record<string, string> = {};
      for (const c of u.columns) m[c] = u.suggestedMapping?.[c] ?? '';
      setMapping(m);
      setStep(1);
    } catch (e) {
      setError(isApiError(e) && e.fields[0] ? e.fields[0].message : e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const doStart = async () => {
    if (!upload) return;
    if (!Object.values(mapping).some(Boolean)) {
      setError(t('import.noMapping'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const p = await startImport(upload.importId, { mapping, duplicatePolicy: policy });
      qc.setQueryData(['crm.import', String(upload.importId)], p && typeof p === 'object' && 'status' in p ? p : undefined);
      setImportId(upload.importId);
      setStep(2);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const previewRows: string[][] = useMemo(() => {
    if (!upload) return [];
    return upload.preview.slice(0, 5).map((r) => (Array.isArray(r) ? r.map((x) => (x === null || x === undefined ? '' : String(x))) : []));
  }, [upload]);

  const p = progress.data;
  const total = p?.totalRows ?? null;
  const pct = p && total ? Math.min(100, Math.round((p.processedRows / Math.max(1, total)) * 100)) : finished ? 100 : 0;

  return (
    <Modal opened={opened} onClose={onClose} title={t('import.title', { what: t(`entity.${entity}.many`) })} size="xl" zIndex={300}>
      <Stepper active={finished ? 3 : step} size="sm" mb="lg" allowNextStepsSelect={false}>
        <Stepper.Step label={t('import.stepFile')} />
        <Stepper.Step label={t('import.stepMapping')} />
        <Stepper.Step label={t('import.stepRun')} />
      </Stepper>

      {error ? (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} mb="md">
          {error}
        </Alert>
      ) : null}

      {step === 0 ? (
        <Stack gap="md">
          <FileInput
            label={t('import.file')}
            description={t('import.fileHint')}
            placeholder={t('import.choose')}
            accept=".csv,.xlsx,.xls,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel"
            value={file}
            onChange={setFile}
            leftSection={<IconFileSpreadsheet size={16} />}
            clearable
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button leftSection={<IconUpload size={16} />} disabled={!file} loading={busy} onClick={() => void doUpload()}>
              {t('import.upload')}
            </Button>
          </Group>
        </Stack>
      ) : null}

      {step === 1 && upload ? (
        <Stack gap="md">
          <Text size="sm" fw={600}>
            {t('import.mapping')}
          </Text>
          <ScrollArea type="auto">
            <Table withTableBorder withColumnBorders fz="sm" verticalSpacing={6} miw={520}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={220}>{t('import.fileColumn')}</Table.Th>
                  <Table.Th w={240}>{t('import.field')}</Table.Th>
                  <Table.Th>{t('import.preview')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {upload.columns.map((c, i) => (
                  <Table.Tr key={c + i}>
                    <Table.Td fw={500}>{c}</Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={`${t('import.field')}: ${c}`}
                        data={fieldOptions}
                        value={mapping[c] ?? ''}
                        onChange={(v) => setMapping((m) => ({ ...m, [c]: v ?? '' }))}
                        allowDeselect={false}
                        size="xs"
                        searchable
                        comboboxProps={{ withinPortal: true, zIndex: 500 }}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {previewRows
                          .map((r) => r[i])
                          .filter(Boolean)
                          .slice(0, 3)
                          .join(' · ')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
          {previewRows.length ? (
            <>
              <Text size="sm" fw={600}>
                {t('import.preview')}
              </Text>
              <ScrollArea type="auto">
                <Table withTableBorder fz="xs" striped miw={520}>
                  <Table.Thead>
                    <Table.Tr>
                      {upload.columns.map((c, i) => (
                        <Table.Th key={c + i} style={{ whiteSpace: 'nowrap' }}>
                          {c}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {previewRows.map((r, i) => (
                      <Table.Tr key={i}>
                        {upload.columns.map((c, j) => (
                          <Table.Td key={c + j} style={{ whiteSpace: 'nowrap' }}>
                            {r[j]}
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea>
            </>
          ) : null}
          <Radio.Group label={t('import.duplicates')} value={policy} onChange={(v) => setPolicy(v as DuplicatePolicy)}>
            <Group gap="lg" mt={6}>
              {(['skip', 'update', 'create'] as const).map((p) => (
                <Radio key={p} value={p} label={t(`import.policy.${p}`)} />
              ))}
            </Group>
          </Radio.Group>
          <Group justify="space-between">
            <Button variant="default" onClick={() => setStep(0)}>
              {t('import.back')}
            </Button>
            <Button loading={busy} onClick={() => void doStart()}>
              {t('import.start')}
            </Button>
          </Group>
        </Stack>
      ) : null}

      {step === 2 ? (
        <Stack gap="md">
          <Text size="sm" fw={600}>
            {finished ? t('import.finished') : t('import.progress')}
          </Text>
          <Progress value={pct} size="lg" radius="md" animated={!finished} striped={!finished} aria-label={t('import.progress')} color={finished ? 'teal' : 'brand'} />
          <Text size="sm">{total ? t('import.processed', { processed: p?.processedRows ?? 0, total }) : t('import.processedNoTotal', { processed: p?.processedRows ?? 0 })}</Text>
          <Group gap="lg">
            <Text size="sm" c="teal.8">
              {t('import.created', { count: p?.createdRows ?? 0 })}
            </Text>
            <Text size="sm">{t('import.updated', { count: p?.updatedRows ?? 0 })}</Text>
            <Text size="sm" c="dimmed">
              {t('import.skipped', { count: p?.skippedRows ?? 0 })}
            </Text>
            <Text size="sm" c={p?.failedRows ? 'red' : 'dimmed'}>
              {t('import.failed', { count: p?.failedRows ?? 0 })}
            </Text>
          </Group>
          {p?.failure ? (
            <Alert color="red" icon={<IconAlertTriangle size={18} />}>
              {p.failure}
            </Alert>
          ) : null}
          {!finished ? (
            <Text size="xs" c="dimmed">
              {t('import.running')}
            </Text>
          ) : null}
          {p?.skipped?.length ? <SkippedRows rows={p.skipped} onOpen={onClose} /> : null}
          {p?.errors?.length ? (
            <>
              <Text size="sm" fw={600}>
                {t('import.badRows')}
              </Text>
              <ScrollArea.Autosize mah={240} type="auto">
                <Table withTableBorder fz="sm" verticalSpacing={4}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={90}>{t('import.row')}</Table.Th>
                      <Table.Th>{t('import.error')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {p.errors.map((e, i) => (
                      <Table.Tr key={i}>
                        <Table.Td>{e.row}</Table.Td>
                        <Table.Td c="red.8">{e.field ? `${e.field}: ${e.message}` : e.message}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea.Autosize>
            </>
          ) : null}
          <Group justify="flex-end">
            <Button onClick={onClose} leftSection={finished ? <IconCheck size={16} /> : undefined} variant={finished ? 'filled' : 'default'}>
              {t('import.close')}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

type Skipped = NonNullable<ImportProgress['skipped']>[number];

/** «Пропущенные строки»: each row skipped as a duplicate with its reason; the item it repeats opens as a card. */
function SkippedRows({ rows, onOpen }: { rows: Skipped[]; onOpen: () => void }) {
  const { t } = useCrmT();
  const openCard = useOpenCard();
  const reason = (s: Skipped) => {
    const item = s.item;
    const at = item ? s.message.indexOf(item.title) : -1;
    if (!item || at < 0) return s.message;
    const link = (
      <Anchor
        href={cardPath(item.type, item.id)}
        size="sm"
        onClick={(e) => {
          e.preventDefault();
          onOpen();
          openCard(item.type, item.id);
        }}
      >
        {item.title}
      </Anchor>
    );
    return (
      <>
        {s.message.slice(0, at)}
        {link}
        {s.message.slice(at + item.title.length)}
      </>
    );
  };
  return (
    <>
      <Text size="sm" fw={600}>
        {t('import.skippedRows')}
      </Text>
      <ScrollArea.Autosize mah={240} type="auto">
        <Table withTableBorder fz="sm" verticalSpacing={4} aria-label={t('import.skippedRows')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={90}>{t('import.row')}</Table.Th>
              <Table.Th>{t('import.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((s) => (
              <Table.Tr key={s.row}>
                <Table.Td>{s.row}</Table.Td>
                <Table.Td>{reason(s)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </>
  );
}
