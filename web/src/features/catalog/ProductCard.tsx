import { ActionIcon, Autocomplete, Button, Checkbox, FileButton, Group, Image, Modal, SegmentedControl, Select, SimpleGrid, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { IconPhotoPlus, IconTrash, IconX } from '@tabler/icons-react';
import { CURRENCIES, PRODUCT_UNITS, type FileInfo } from '@vavilon/contracts';
import { useEffect, useState } from 'react';
import { uploadWithProgress } from '../../api/client';
import { RecordCard, RecordCardError, RecordCardSkeleton, RecordForm } from '../../ui/record-card';
import { useServerForm } from '../../ui/form-kit';
import { showError, showSuccess } from '../../ui/toasts';
import { useDeleteProduct, useProduct, useSaveProduct, type CatalogSection, type Product } from './api';
import { useCatalogT } from './i18n';
import classes from './catalog.module.css';

type Draft = {
  kind: 'product' | 'service';
  name: string;
  sku: string;
  sectionId: string | null;
  description: string;
  unit: string;
  price: string;
  currency: string;
  vat: string;
  vatIncluded: boolean;
  active: boolean;
  photos: { fileId: number; url: string }[];
};

const VATS = ['none', '0', '10', '20'] as const;

function draftOf(p: Product | undefined, sectionId: number | undefined): Draft {
  return {
    kind: p?.kind ?? 'product',
    name: p?.name ?? '',
    sku: p?.sku ?? '',
    sectionId: p ? (p.sectionId ? String(p.sectionId) : null) : sectionId ? String(sectionId) : null,
    description: p?.description ?? '',
    unit: p?.unit ?? 'шт',
    price: p ? p.price.replace(/\.00$/, '') : '',
    currency: p?.currency ?? 'RUB',
    vat: p?.vatRate === null || p?.vatRate === undefined ? 'none' : String(p.vatRate),
    vatIncluded: p?.vatIncluded ?? true,
    active: p?.active ?? true,
    photos: p?.photos.map((f) => ({ fileId: f.fileId, url: f.url })) ?? [],
  };
}

/** A product's card in a slider: every field at once, «Сохранить» / «Отменить» at the bottom. */
export function ProductCard({ id, sections, defaultSection, canEdit, onClose }: { id: number | null; sections: CatalogSection[]; defaultSection?: number; canEdit: boolean; onClose: () => void }) {
  const { t } = useCatalogT();
  const product = useProduct(id);
  if (id && product.isError) return <RecordCardError message={product.error instanceof Error ? product.error.message : undefined} onClose={onClose} />;
  if (id && !product.data) return <RecordCardSkeleton onClose={onClose} />;
  return <ProductForm key={`${id}:${product.data?.version ?? 0}`} product={product.data} sections={sections} defaultSection={defaultSection} canEdit={canEdit} onClose={onClose} t={t} />;
}

function ProductForm({
  product,
  sections,
  defaultSection,
  canEdit,
  onClose,
  t,
}: {
  product: Product | undefined;
  sections: CatalogSection[];
  defaultSection?: number;
  canEdit: boolean;
  onClose: () => void;
  t: ReturnType<typeof useCatalogT>['t'];
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(product, defaultSection));
  const [uploading, setUploading] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const form = useServerForm();
  const save = useSaveProduct();
  const remove = useDeleteProduct();
  useEffect(() => form.clear(), [product?.id]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K], field: string = key) => {
    setDraft((d) => ({ ...d, [key]: value }));
    form.clear(field);
  };

  const submit = () => {
    if (!draft.name.trim()) return form.setErrors({ name: t('card.name') });
    const body = {
      kind: draft.kind,
      name: draft.name,
      sku: draft.sku,
      sectionId: draft.sectionId ? Number(draft.sectionId) : null,
      description: draft.description,
      unit: draft.unit,
      price: draft.price.replace(/\s/g, '').replace(',', '.') || '0',
      currency: draft.currency as Product['currency'],
      vatRate: draft.vat === 'none' ? null : (Number(draft.vat) as 0 | 10 | 20),
      vatIncluded: draft.vatIncluded,
      active: draft.active,
      photoFileIds: draft.photos.map((p) => p.fileId),
      ...(product ? { version: product.version } : {}),
    };
    save.mutate(
      { id: product?.id ?? null, body },
      {
        onSuccess: () => {
          showSuccess(product ? t('card.saved') : t('card.created'));
          onClose();
        },
        onError: (e) => form.fromError(e),
      },
    );
  };

  const addPhoto = (file: File | null) => {
    if (!file) return;
    setUploading(true);
    uploadWithProgress<FileInfo>('/api/files', file)
      .promise.then((info) => set('photos', [...draft.photos, { fileId: info.id, url: `/api/files/${info.id}` }], 'photoFileIds'))
      .catch(showError)
      .finally(() => setUploading(false));
  };

  const sectionOptions = sections.map((s) => ({ value: String(s.id), label: s.name }));
  const readOnly = !canEdit;
  const title = product?.name ?? t('card.newTitle');

  return (
    <RecordCard
      mode="slider"
      title={title}
      onClose={onClose}
      shareUrl={product ? `${location.origin}/crm/catalog?product=${product.id}` : undefined}
      menu={product && canEdit ? [{ label: t('card.delete'), color: 'red', icon: <IconTrash size={16} />, onClick: () => setConfirmDelete(true) }] : undefined}
    >
      <RecordForm label={title} onSubmit={submit} onCancel={onClose} showSaveBar={canEdit} saving={save.isPending} formError={form.general}>
        {readOnly ? (
          <Text size="sm" c="dimmed">
            {t('card.readOnly')}
          </Text>
        ) : null}
        <Stack gap="md">
          <SegmentedControl
            aria-label={t('card.kind')}
            disabled={readOnly}
            value={draft.kind}
            onChange={(v) => set('kind', v as Draft['kind'])}
            data={[
              { value: 'product', label: t('kind.product') },
              { value: 'service', label: t('kind.service') },
            ]}
            style={{ alignSelf: 'flex-start' }}
          />
          <TextInput label={t('card.name')} required readOnly={readOnly} value={draft.name} onChange={(e) => set('name', e.currentTarget.value)} error={form.errorOf('name')} data-autofocus />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('card.sku')} readOnly={readOnly} value={draft.sku} onChange={(e) => set('sku', e.currentTarget.value)} error={form.errorOf('sku')} />
            <Select
              label={t('card.section')}
              readOnly={readOnly}
              clearable
              placeholder={t('card.noSection')}
              data={sectionOptions}
              value={draft.sectionId}
              onChange={(v) => set('sectionId', v)}
              error={form.errorOf('sectionId')}
              comboboxProps={{ zIndex: 400 }}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('card.price')} readOnly={readOnly} inputMode="decimal" value={draft.price} onChange={(e) => set('price', e.currentTarget.value)} error={form.errorOf('price')} />
            <Select
              label={t('card.currency')}
              readOnly={readOnly}
              allowDeselect={false}
              data={[...CURRENCIES]}
              value={draft.currency}
              onChange={(v) => v && set('currency', v)}
              error={form.errorOf('currency')}
              comboboxProps={{ zIndex: 400 }}
            />
            <Autocomplete
              label={t('card.unit')}
              placeholder={t('card.unitHint')}
              readOnly={readOnly}
              data={[...PRODUCT_UNITS]}
              value={draft.unit}
              onChange={(v) => set('unit', v)}
              error={form.errorOf('unit')}
              comboboxProps={{ zIndex: 400 }}
            />
          </SimpleGrid>
          <Group align="flex-end" gap="lg">
            <Select
              label={t('card.vat')}
              readOnly={readOnly}
              allowDeselect={false}
              data={VATS.map((v) => ({ value: v, label: v === 'none' ? t('vat.none') : `${v} %` }))}
              value={draft.vat}
              onChange={(v) => v && set('vat', v, 'vatRate')}
              error={form.errorOf('vatRate')}
              w={180}
              comboboxProps={{ zIndex: 400 }}
            />
            <Checkbox label={t('card.vatIncluded')} disabled={readOnly || draft.vat === 'none'} checked={draft.vatIncluded} onChange={(e) => set('vatIncluded', e.currentTarget.checked)} mb={8} />
          </Group>
          <Textarea
            label={t('card.description')}
            readOnly={readOnly}
            autosize
            minRows={3}
            maxRows={10}
            value={draft.description}
            onChange={(e) => set('description', e.currentTarget.value)}
            error={form.errorOf('description')}
          />
          <Stack gap={6}>
            <Text size="sm" fw={500}>
              {t('card.photos')}
            </Text>
            <Group gap="sm">
              {draft.photos.map((p) => (
                <div key={p.fileId} style={{ position: 'relative' }}>
                  <Image src={p.url} alt="" className={classes.photo} />
                  {canEdit ? (
                    <ActionIcon
                      size="sm"
                      color="gray"
                      variant="white"
                      aria-label={t('card.removePhoto')}
                      style={{ position: 'absolute', top: 4, right: 4 }}
                      onClick={() =>
                        set(
                          'photos',
                          draft.photos.filter((x) => x.fileId !== p.fileId),
                          'photoFileIds',
                        )
                      }
                    >
                      <IconX size={14} />
                    </ActionIcon>
                  ) : null}
                </div>
              ))}
              {canEdit ? (
                <FileButton onChange={addPhoto} accept="image/*">
                  {(props) => (
                    <Button {...props} variant="light" leftSection={<IconPhotoPlus size={16} />} loading={uploading}>
                      {t('card.addPhoto')}
                    </Button>
                  )}
                </FileButton>
              ) : null}
            </Group>
            {form.errorOf('photoFileIds') ? (
              <Text size="xs" c="red">
                {form.errorOf('photoFileIds')}
              </Text>
            ) : null}
          </Stack>
          <Switch label={t('card.active')} disabled={readOnly} checked={draft.active} onChange={(e) => set('active', e.currentTarget.checked)} />
        </Stack>
      </RecordForm>
      <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title={t('card.deleteTitle')} zIndex={400}>
        <Text size="sm">{t('card.deleteText', { name: product?.name ?? '' })}</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setConfirmDelete(false)}>
            {t('common.cancel', { ns: 'crm' })}
          </Button>
          <Button
            color="red"
            loading={remove.isPending}
            onClick={() =>
              product &&
              remove.mutate(product.id, {
                onSuccess: () => {
                  showSuccess(t('card.deleted'));
                  onClose();
                },
                onError: (e) => {
                  setConfirmDelete(false);
                  showError(e);
                },
              })
            }
          >
            {t('card.delete')}
          </Button>
        </Group>
      </Modal>
    </RecordCard>
  );
}
