import { z } from 'zod';
import { Id } from '../common.js';
import { defineEvent } from '../events.js';
import { Moment } from './core.js';

/** A CRM item a task is bound to: «Сделка: Офис на Тверской». */
export const CrmLinkRef = z.object({ type: z.enum(['deal', 'lead', 'contact', 'company']), id: Id });
export type CrmLinkRef = z.infer<typeof CrmLinkRef>;
export const CrmLinksInput = z.object({ links: z.array(CrmLinkRef).max(20) });
/** A linked item as the card shows it; its title is hidden («Нет доступа») from one who may not read it. */
export const CrmLink = CrmLinkRef.extend({ title: z.string(), url: z.string().nullable(), readable: z.boolean() });
export type CrmLink = z.infer<typeof CrmLink>;
export const CrmLinkList = z.object({ items: z.array(CrmLink) });

/** A task as a CRM item's timeline shows it. */
export const LinkedTask = z.object({
  id: z.number().int(),
  title: z.string(),
  status: z.string(),
  deadline: z.string().nullable(),
  responsibleName: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  url: z.string(),
});
export type LinkedTask = z.infer<typeof LinkedTask>;

/** «Напомнить»: a reminder of a task for the user who set it. */
export const ReminderInput = z.object({ remindAt: Moment });
export const Reminder = z.object({ id: z.number().int(), remindAt: z.string(), sentAt: z.string().nullable() });
export const ReminderList = z.object({ items: z.array(Reminder) });

export const taskSignalEvents = {
  crmLinksChanged: defineEvent(
    'task.crm_links_changed',
    z.object({ title: z.string(), added: z.array(CrmLinkRef), removed: z.array(CrmLinkRef), participants: z.array(z.number().int()), groupId: z.number().int().nullable() }),
  ),
};
