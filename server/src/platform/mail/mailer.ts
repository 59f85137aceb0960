import nodemailer from 'nodemailer';
import type { Db, Queryable } from '../db/database.js';
import type { MailOutboxTable } from '../db/schema.js';
import { nowIso } from '../db/database.js';
import { scheduleJob, type JobHandler } from '../jobs/jobs.js';

export interface OutgoingMail {
  portalId: number | null;
  to: string;
  subject: string;
  text: string;
  /** An iCalendar part (RFC 6047): an invitation (REQUEST), its cancellation (CANCEL), … */
  calendar?: { method: 'REQUEST' | 'CANCEL' | 'REPLY'; text: string };
}

/**
 * Mail goes through SMTP_URL by a durable job. With no SMTP configured the message is kept
 * in the outbox, where an administrator reads it (and so can pass on an invitation link).
 */
export class Mailer {
  private transport: nodemailer.Transporter | null;

  constructor(
    private db: Db,
    private smtpUrl: string | null,
    private from: string,
  ) {
    this.transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
  }

  /** Queues in the caller's transaction. */
  async queue(db: Queryable, mail: OutgoingMail): Promise<void> {
    const row = await db
      .insertInto('mail_outbox')
      .values({
        portal_id: mail.portalId,
        to_address: mail.to,
        subject: mail.subject,
        text: mail.text,
        status: this.transport ? 'queued' : 'kept',
        error: null,
        created_at: nowIso(),
        calendar_method: mail.calendar?.method ?? null,
        calendar_text: mail.calendar?.text ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (this.transport) await scheduleJob(db, { type: 'mail.send', payload: { id: Number(row.id) }, portalId: mail.portalId });
  }

  /** What goes to SMTP for an outbox row: the text, and its iCalendar part as a `text/calendar` alternative with its METHOD. */
  message(row: Pick<MailOutboxTable, 'to_address' | 'subject' | 'text' | 'calendar_method' | 'calendar_text'>): nodemailer.SendMailOptions {
    const mail: nodemailer.SendMailOptions = { from: this.from, to: row.to_address, subject: row.subject, text: row.text };
    if (row.calendar_method && row.calendar_text) mail.icalEvent = { method: row.calendar_method, filename: 'invite.ics', content: row.calendar_text };
    return mail;
  }

  sendJob: JobHandler = async (job) => {
    const id = Number(job.payload.id);
    const row = await this.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.status === 'sent' || !this.transport) return;
    // Phone numbers have no mail gateway: they stay in the outbox for an administrator.
    if (!row.to_address.includes('@')) {
      await this.db.updateTable('mail_outbox').set({ status: 'kept' }).where('id', '=', id).execute();
      return;
    }
    try {
      await this.transport.sendMail(this.message(row));
      await this.db.updateTable('mail_outbox').set({ status: 'sent', error: null }).where('id', '=', id).execute();
    } catch (err) {
      await this.db
        .updateTable('mail_outbox')
        .set({ status: 'failed', error: String((err as Error).message) })
        .where('id', '=', id)
        .execute();
      throw err;
    }
  };
}
