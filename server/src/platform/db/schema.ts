import type { Generated } from 'kysely';

/**
 * The tables the platform owns. Modules add theirs by merging into this interface:
 *   declare module '../../platform/db/schema.js' { interface Database { crm_deal: DealTable } }
 * Timestamps are ISO strings on both databases; flags are 0/1 integers; JSON is text.
 */
export interface Database {
  portal: PortalTable;
  account: AccountTable;
  app_user: UserTable;
  department: DepartmentTable;
  session: SessionTable;
  login_attempt: LoginAttemptTable;
  auth_token: AuthTokenTable;
  oidc_provider: OidcProviderTable;
  oidc_identity: OidcIdentityTable;
  user_setting: UserSettingTable;
  domain_event: DomainEventTable;
  processor_cursor: ProcessorCursorTable;
  processor_failure: ProcessorFailureTable;
  job: JobTable;
  history: HistoryTable;
  notification: NotificationTable;
  mail_outbox: MailOutboxTable;
  file: FileTable;
  file_link: FileLinkTable;
}

export interface PortalTable {
  id: Generated<number>;
  name: string;
  title: string;
  created_at: string;
}

/** A Passport account: one person, possibly a member of several portals. */
export interface AccountTable {
  id: Generated<number>;
  email: string | null;
  phone: string | null;
  password_hash: string | null;
  /** 1: an operator of the install, who creates portals. */
  is_operator: Generated<number>;
  created_at: string;
}

export interface UserTable {
  id: Generated<number>;
  portal_id: number;
  account_id: number;
  first_name: string;
  last_name: string;
  middle_name: string;
  position: string;
  department_id: number | null;
  manager_id: number | null;
  photo_url: string | null;
  phones: string; // JSON [{type,value}]
  emails: string; // JSON [{type,value}]
  role: 'admin' | 'employee';
  status: 'active' | 'invited' | 'inactive';
  language: 'ru' | 'en';
  time_zone: string;
  /** Lower-cased name, position and contacts: the same case-insensitive search on both databases. */
  search_text: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface DepartmentTable {
  id: Generated<number>;
  portal_id: number;
  name: string;
  parent_id: number | null;
  head_id: number | null;
  sort: number;
  version: number;
  created_at: string;
}

export interface SessionTable {
  id: string; // sha256 of the cookie token
  account_id: number;
  /** Set when the session may serve one portal only (signed in through that portal's identity provider). */
  portal_id: number | null;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptTable {
  key: string; // 'login:<normalised>' or 'ip:<address>'
  failures: number;
  locked_until: string | null;
  updated_at: string;
}

export interface AuthTokenTable {
  id: string; // sha256 of the token
  kind: 'invite' | 'reset' | 'handoff';
  account_id: number;
  portal_id: number | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface OidcProviderTable {
  id: Generated<number>;
  portal_id: number;
  label: string;
  issuer: string;
  client_id: string;
  client_secret: string;
  enabled: number;
}

export interface OidcIdentityTable {
  id: Generated<number>;
  provider_id: number;
  subject: string;
  account_id: number;
  created_at: string;
}

export interface UserSettingTable {
  portal_id: number;
  user_id: number;
  key: string;
  value: string; // JSON
  updated_at: string;
}

export interface DomainEventTable {
  id: Generated<number>;
  portal_id: number;
  type: string;
  entity_type: string;
  entity_id: string;
  actor_id: number | null;
  payload: string; // JSON
  created_at: string;
}

export interface ProcessorCursorTable {
  name: string;
  last_event_id: number;
  updated_at: string;
}

/** A processor's event that failed: retried at `next_attempt_at` while `retrying`; `failed` waits for an administrator. */
export interface ProcessorFailureTable {
  id: Generated<number>;
  portal_id: number;
  processor: string;
  event_id: number;
  event_type: string;
  attempts: number;
  last_error: string;
  status: 'retrying' | 'failed';
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface JobTable {
  id: Generated<number>;
  portal_id: number | null;
  type: string;
  payload: string;
  run_at: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
}

export interface HistoryTable {
  id: Generated<number>;
  portal_id: number;
  entity_type: string;
  entity_id: string;
  event_id: number;
  actor_id: number | null;
  action: string;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  created_at: string;
}

export interface NotificationTable {
  id: Generated<number>;
  portal_id: number;
  user_id: number;
  kind: string;
  title: string;
  body: string;
  url: string | null;
  read_at: string | null;
  created_at: string;
  /** Its group (`notify` with `groupKey`): a newer one of the group replaces it while it is unread. */
  group_key: string | null;
}

export interface MailOutboxTable {
  id: Generated<number>;
  portal_id: number | null;
  to_address: string;
  subject: string;
  text: string;
  status: 'queued' | 'kept' | 'sent' | 'failed';
  error: string | null;
  created_at: string;
  /** An iCalendar part sent beside the text (`text/calendar; method=…`): its METHOD, or null. */
  calendar_method: string | null;
  calendar_text: string | null;
}

/** A file attached to an item: reading the file is asking the item's module (`checkAccess`). */
export interface FileLinkTable {
  portal_id: number;
  file_id: number;
  entity_type: string;
  entity_id: number;
  /** Where on the item: a custom field's code, `files` of a comment, `photo` of an employee. */
  field: string;
}

/** An uploaded file: metadata and rights here, the bytes under DATA_DIR/files by their sha256. */
export interface FileTable {
  id: Generated<number>;
  portal_id: number;
  /** The name it was uploaded under, cleaned of path parts and control characters. */
  name: string;
  size: number;
  /** Detected from the content, never taken from the client. */
  mime: string;
  sha256: string;
  created_by: number | null;
  created_at: string;
}
