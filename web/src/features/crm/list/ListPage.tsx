import { Button, Group } from '@mantine/core';
import { Link } from 'react-router';
import { IconAddressBook, IconBuildingSkyscraper, IconBriefcase, IconCopy, IconPlus, IconTargetArrow } from '@tabler/icons-react';
import '../duplicates/i18n';
import type { ReactNode } from 'react';
import { CrmPage } from '../CrmFrame';
import { useCrmT } from '../i18n';
import { useOpenCard } from '../navigation';
import { useCrmRights } from '../permissions';
import type { EntityType } from '../types';
import { EntityList } from './EntityList';

export const ENTITY_ICON: Record<EntityType, ReactNode> = {
  deal: <IconBriefcase size={30} />,
  lead: <IconTargetArrow size={30} />,
  contact: <IconAddressBook size={30} />,
  company: <IconBuildingSkyscraper size={30} />,
};

/** Лиды, Контакты, Компании: the list page with «Создать» (companies: «Добавить»). */
export function ListPage({ entity }: { entity: Exclude<EntityType, 'deal'> }) {
  const { t } = useCrmT();
  const rights = useCrmRights();
  const openCard = useOpenCard();
  const create = () => openCard(entity, 'new');
  return (
    <CrmPage
      section={entity}
      title={t(`entity.${entity}.many`)}
      actions={
        <Group gap="sm">
          {entity !== 'lead' ? (
            <Button component={Link} to={`/crm/duplicates?type=${entity}`} variant="default" leftSection={<IconCopy size={18} />}>
              {t('duplicates.open')}
            </Button>
          ) : null}
          {rights.can(entity, 'add') ? (
            <Button leftSection={<IconPlus size={18} />} onClick={create}>
              {t(`entity.${entity}.create`)}
            </Button>
          ) : null}
        </Group>
      }
    >
      <EntityList key={entity} entity={entity} icon={ENTITY_ICON[entity]} onCreate={create} />
    </CrmPage>
  );
}
