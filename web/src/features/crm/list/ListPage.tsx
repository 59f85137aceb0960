import { Button } from '@mantine/core';
import { IconAddressBook, IconBuildingSkyscraper, IconBriefcase, IconPlus, IconTargetArrow } from '@tabler/icons-react';
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
        rights.can(entity, 'add') ? (
          <Button leftSection={<IconPlus size={18} />} onClick={create}>
            {t(`entity.${entity}.create`)}
          </Button>
        ) : null
      }
    >
      <EntityList key={entity} entity={entity} icon={ENTITY_ICON[entity]} onCreate={create} />
    </CrmPage>
  );
}
