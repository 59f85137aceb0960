import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { Money } from '../common';
import { useCrmT } from '../i18n';
import { useSliderLinkState } from '../list/cells';
import { cardPath } from '../navigation';
import type { Company, Contact, CrmItem, Deal, EntityType, Lead } from '../types';

type Row = { entity: EntityType; id: number; title: string; hidden?: boolean; extra?: React.ReactNode };

/** The right side of the card: companies, contacts and deals linked to the item. */
export function Linked({ entity, item }: { entity: EntityType; item: CrmItem | null }) {
  const { t } = useCrmT();
  const state = useSliderLinkState();
  const groups: { title: string; rows: Row[] }[] = [];
  if (item && entity === 'company') {
    const c = item as Company;
    groups.push({ title: t('card.contacts'), rows: c.contacts.map((x) => ({ entity: 'contact', id: x.id, title: x.title })) });
    groups.push({
      title: t('card.deals'),
      rows: c.deals.map((x) => ({
        entity: 'deal',
        id: x.id,
        title: x.title,
        extra: (
          <>
            <Money value={x.amount} currency={x.currency} /> · {x.stageName}
          </>
        ),
      })),
    });
  }
  if (item && entity === 'contact') {
    const c = item as Contact;
    groups.push({ title: t('card.companies'), rows: c.companies.map((x) => ({ entity: 'company', id: x.id, title: x.title })) });
    groups.push({
      title: t('card.deals'),
      rows: c.deals.map((x) => ({
        entity: 'deal',
        id: x.id,
        title: x.title,
        extra: (
          <>
            <Money value={x.amount} currency={x.currency} /> · {x.stageName}
          </>
        ),
      })),
    });
  }
  if (item && entity === 'deal') {
    const c = item as Deal;
    groups.push({ title: t('card.companies'), rows: c.company ? [{ entity: 'company', id: c.company.id, title: c.company.title, hidden: c.company.hidden }] : [] });
    groups.push({ title: t('card.contacts'), rows: c.contacts.map((x) => ({ entity: 'contact', id: x.id, title: x.title, hidden: x.hidden, extra: x.isPrimary ? t('card.primary') : undefined })) });
    if (c.leadId) groups.push({ title: t('nav.lead'), rows: [{ entity: 'lead', id: c.leadId, title: `${t('entity.lead.one')} #${c.leadId}` }] });
  }
  if (item && entity === 'lead') {
    const c = item as Lead;
    const rows: Row[] = [];
    if (c.contact) rows.push({ entity: 'contact', id: c.contact.id, title: c.contact.title, hidden: c.contact.hidden, extra: t('entity.contact.one') });
    if (c.company) rows.push({ entity: 'company', id: c.company.id, title: c.company.title, hidden: c.company.hidden, extra: t('entity.company.one') });
    if (c.deal) rows.push({ entity: 'deal', id: c.deal.id, title: c.deal.title, hidden: c.deal.hidden, extra: t('entity.deal.one') });
    groups.push({ title: t('card.linked'), rows });
  }
  const any = groups.some((g) => g.rows.length);
  return (
    <Card>
      <Title order={3} fz="md" fw={600} mb="sm">
        {t('card.linked')}
      </Title>
      {!any ? (
        <Text size="sm" c="dimmed">
          {t('card.noLinked')}
        </Text>
      ) : (
        <Stack gap="sm">
          {groups
            .filter((g) => g.rows.length)
            .map((g) => (
              <div key={g.title}>
                <Text size="xs" c="dimmed" tt="uppercase" fw={600} mb={4}>
                  {g.title} · {g.rows.length}
                </Text>
                <Stack gap={4}>
                  {g.rows.map((r) => (
                    <Group key={`${r.entity}-${r.id}`} justify="space-between" wrap="nowrap" gap="xs">
                      {r.hidden ? (
                        <Text size="sm" c="dimmed" truncate>
                          {r.title}
                        </Text>
                      ) : (
                        <Anchor component={Link} to={cardPath(r.entity, r.id)} state={state} size="sm" truncate>
                          {r.title}
                        </Anchor>
                      )}
                      {r.extra ? (
                        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                          {r.extra}
                        </Text>
                      ) : null}
                    </Group>
                  ))}
                </Stack>
              </div>
            ))}
        </Stack>
      )}
    </Card>
  );
}
