import { Group, Select, Text } from '@mantine/core';
import type { CatalogAccess, StoreAccess } from '@vavilon/contracts';
import { useCatalogT } from './i18n';

export interface GoodsRights {
  catalog: CatalogAccess;
  store: StoreAccess;
}

/** A CRM role's rights in «Товары и склады», under the role's item matrix: «Товарный каталог» and «Складской учёт». */
export function GoodsRightsEditor({ value, onChange }: { value: GoodsRights; onChange: (v: GoodsRights) => void }) {
  const { t } = useCatalogT();
  return (
    <div>
      <Text size="sm" fw={600} mb={6}>
        {t('rights.title')}
      </Text>
      <Group gap="md" wrap="wrap">
        <Select
          label={t('rights.catalog')}
          allowDeselect={false}
          value={value.catalog}
          onChange={(v) => v && onChange({ ...value, catalog: v as CatalogAccess })}
          data={(['none', 'read', 'edit'] as const).map((v) => ({ value: v, label: t(`rights.catalogLevel.${v}`) }))}
          w={240}
        />
        <Select
          label={t('rights.store')}
          allowDeselect={false}
          value={value.store}
          onChange={(v) => v && onChange({ ...value, store: v as StoreAccess })}
          data={(['none', 'read', 'post'] as const).map((v) => ({ value: v, label: t(`rights.storeLevel.${v}`) }))}
          w={240}
        />
      </Group>
    </div>
  );
}
