import { z } from 'zod';
import { defineEvent, NoPayload } from '../events.js';
import { DuplicatePolicy, EntityType, FieldType, StageKind } from '../crm.js';

const ref = z.number().int();
const optRef = ref.nullable().optional();
/** An amount as the item services give it: a decimal string («1500.00»), none when empty. */
const money = z.string().nullable();

/** Where a bulk write came from: an import reports its own progress instead of one push per item. */
const origin = {
  source: z.literal('import').optional(),
  importId: z.number().int().optional(),
  bulk: z.boolean().optional(),
  reason: z.literal('stage_deleted').optional(),
};

/** An item back from the trash under its own id, with its links («Восстановить», «Отменить»). */
const restored = z.object({ title: z.string(), responsibleId: ref.nullable() });

const deal = {
  created: defineEvent(
    'crm.deal.created',
    z.object({
      title: z.string(),
      pipelineId: ref.nullable(),
      stageId: ref,
      stageKind: StageKind,
      responsibleId: ref.nullable(),
      amount: money,
      currency: z.string(),
      companyId: ref.nullable(),
      leadId: ref.nullable(),
      ...origin,
    }),
  ),
  updated: defineEvent('crm.deal.updated', z.object({ pipelineId: optRef, stageId: ref.optional(), stageKind: StageKind.optional(), responsibleId: optRef, ...origin })),
  deleted: defineEvent(
    'crm.deal.deleted',
    z.object({
      title: z.string().nullable(),
      pipelineId: optRef,
      stageId: ref.optional(),
      responsibleId: optRef,
      amount: money.optional(),
      trashed: z.boolean().optional(),
    }),
  ),
  restored: defineEvent('crm.deal.restored', restored.extend({ pipelineId: ref, stageId: ref })),
};
const lead = {
  created: defineEvent(
    'crm.lead.created',
    z.object({
      title: z.string(),
      statusId: ref.optional(),
      responsibleId: ref.nullable(),
      amount: money.optional(),
      currency: z.string().optional(),
      ...origin,
    }),
  ),
  updated: defineEvent('crm.lead.updated', z.object({ statusId: ref.optional(), statusKind: StageKind.optional(), responsibleId: optRef, ...origin })),
  deleted: defineEvent(
    'crm.lead.deleted',
    z.object({
      title: z.string().nullable(),
      responsibleId: optRef,
      contactId: optRef,
      companyId: optRef,
      dealId: optRef,
      trashed: z.boolean().optional(),
    }),
  ),
  restored: defineEvent('crm.lead.restored', restored),
};
const contact = {
  created: defineEvent('crm.contact.created', z.object({ name: z.string(), responsibleId: ref.nullable(), companyIds: z.array(ref), leadId: ref.optional(), ...origin })),
  updated: defineEvent('crm.contact.updated', z.object({ responsibleId: optRef, ...origin })),
  deleted: defineEvent(
    'crm.contact.deleted',
    z.object({
      name: z.string().optional(),
      title: z.string().nullable().optional(),
      responsibleId: optRef,
      companyIds: z.array(ref).optional(),
      dealIds: z.array(ref).optional(),
      trashed: z.boolean().optional(),
    }),
  ),
  restored: defineEvent('crm.contact.restored', restored),
};
const company = {
  created: defineEvent('crm.company.created', z.object({ title: z.string(), responsibleId: ref.nullable(), leadId: ref.optional(), ...origin })),
  updated: defineEvent('crm.company.updated', z.object({ responsibleId: optRef, ...origin })),
  deleted: defineEvent(
    'crm.company.deleted',
    z.object({
      title: z.string().nullable(),
      responsibleId: optRef,
      dealIds: z.array(ref).optional(),
      contactIds: z.array(ref).optional(),
      trashed: z.boolean().optional(),
    }),
  ),
  restored: defineEvent('crm.company.restored', restored),
};

/** The created, updated and deleted events of each CRM item type, for code that writes any of them. */
export const crmItemEvents = { deal, lead, contact, company } satisfies Record<EntityType, unknown>;

export const crmEvents = {
  dealCreated: deal.created,
  dealCreatedFromLead: defineEvent('crm.deal.created_from_lead', z.object({ leadId: ref, companyId: ref.nullable(), contactId: ref.nullable() })),
  dealUpdated: deal.updated,
  dealDeleted: deal.deleted,
  leadCreated: lead.created,
  leadUpdated: lead.updated,
  leadDeleted: lead.deleted,
  leadConverted: defineEvent('crm.lead.converted', z.object({ contactId: ref.nullable(), companyId: ref.nullable(), dealId: ref.nullable() })),
  contactCreated: contact.created,
  contactUpdated: contact.updated,
  contactDeleted: contact.deleted,
  companyCreated: company.created,
  companyUpdated: company.updated,
  companyDeleted: company.deleted,
  dealRestored: deal.restored,
  leadRestored: lead.restored,
  contactRestored: contact.restored,
  companyRestored: company.restored,
  pipelineCreated: defineEvent('crm.pipeline.created', z.object({ name: z.string(), code: z.string().optional() })),
  pipelineUpdated: defineEvent('crm.pipeline.updated', NoPayload),
  pipelineDeleted: defineEvent('crm.pipeline.deleted', z.object({ name: z.string() })),
  stageCreated: defineEvent('crm.stage.created', z.object({ pipelineId: ref.nullable(), name: z.string(), kind: StageKind })),
  stageUpdated: defineEvent('crm.stage.updated', z.object({ pipelineId: ref.nullable() })),
  stageDeleted: defineEvent('crm.stage.deleted', z.object({ pipelineId: ref.nullable(), name: z.string(), movedTo: ref.nullable(), moved: z.number().int() })),
  stageReordered: defineEvent('crm.stage.reordered', NoPayload),
  roleCreated: defineEvent('crm.role.created', z.object({ name: z.string(), userIds: z.array(ref), departments: z.array(z.object({ departmentId: ref, who: z.string() })).optional() })),
  roleUpdated: defineEvent('crm.role.updated', NoPayload),
  roleDeleted: defineEvent('crm.role.deleted', z.object({ name: z.string() })),
  layoutUpdated: defineEvent('crm.layout.updated', z.object({ entityType: EntityType, pipelineId: ref.nullable() })),
  fieldCreated: defineEvent('crm.field.created', z.object({ entityType: EntityType, code: z.string(), label: z.string(), type: FieldType })),
  fieldUpdated: defineEvent('crm.field.updated', z.object({ entityType: z.string(), code: z.string() })),
  fieldDeleted: defineEvent('crm.field.deleted', z.object({ entityType: z.string(), code: z.string(), label: z.string() })),
  fieldReordered: defineEvent('crm.field.reordered', z.object({ entityType: EntityType, fieldIds: z.array(ref) })),
  importCreated: defineEvent('crm.import.created', z.object({ entityType: EntityType, fileName: z.string(), rows: z.number().int() })),
  importStarted: defineEvent('crm.import.started', z.object({ entityType: EntityType, mapping: z.record(z.string(), z.unknown()), duplicatePolicy: DuplicatePolicy })),
};
