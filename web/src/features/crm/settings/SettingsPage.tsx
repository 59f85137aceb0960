import { Tabs } from '@mantine/core';
import { IconCurrencyRubel, IconForms, IconLayoutKanban, IconListDetails, IconShieldLock } from '@tabler/icons-react';
import { useNavigate, useParams } from 'react-router';
import { EmptyState } from '../../../ui/EmptyState';
import { CrmPage } from '../CrmFrame';
import { useCrmT } from '../i18n';
import { useCrmRights } from '../permissions';
import { FieldsSettings } from './FieldsSettings';
import { PipelinesSettings } from './PipelinesSettings';
import { RolesSettings } from './RolesSettings';
import { CurrenciesSettings } from './CurrenciesSettings';

const TABS = ['pipelines', 'statuses', 'fields', 'roles', 'currencies'] as const;
type Tab = (typeof TABS)[number];

/** CRM settings for administrators: pipelines and stages, lead statuses, custom fields, access rights. */
export default function SettingsPage() {
  const { t } = useCrmT();
  const rights = useCrmRights();
  const params = useParams();
  const navigate = useNavigate();
  const tab: Tab = (TABS as readonly string[]).includes(params['*'] ?? '') ? (params['*'] as Tab) : 'pipelines';
  if (!rights.admin) {
    return (
      <CrmPage section="settings" title={t('settings.title')}>
        <EmptyState icon={<IconShieldLock size={30} />} title={t('settings.forbidden')} />
      </CrmPage>
    );
  }
  return (
    <CrmPage section="settings" title={t('settings.title')}>
      <Tabs value={tab} onChange={(v) => navigate(`/crm/settings/${v ?? 'pipelines'}`, { replace: true })} keepMounted={false} variant="pills" radius="md">
        <Tabs.List mb="md">
          <Tabs.Tab value="pipelines" leftSection={<IconLayoutKanban size={16} />}>
            {t('settings.tabs.pipelines')}
          </Tabs.Tab>
          <Tabs.Tab value="statuses" leftSection={<IconListDetails size={16} />}>
            {t('settings.tabs.statuses')}
          </Tabs.Tab>
          <Tabs.Tab value="fields" leftSection={<IconForms size={16} />}>
            {t('settings.tabs.fields')}
          </Tabs.Tab>
          <Tabs.Tab value="roles" leftSection={<IconShieldLock size={16} />}>
            {t('settings.tabs.roles')}
          </Tabs.Tab>
          <Tabs.Tab value="currencies" leftSection={<IconCurrencyRubel size={16} />}>
            {t('currencies.tab')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="pipelines">
          <PipelinesSettings mode="deal" />
        </Tabs.Panel>
        <Tabs.Panel value="statuses">
          <PipelinesSettings mode="lead" />
        </Tabs.Panel>
        <Tabs.Panel value="fields">
          <FieldsSettings />
        </Tabs.Panel>
        <Tabs.Panel value="roles">
          <RolesSettings />
        </Tabs.Panel>
        <Tabs.Panel value="currencies">
          <CurrenciesSettings />
        </Tabs.Panel>
      </Tabs>
    </CrmPage>
  );
}
