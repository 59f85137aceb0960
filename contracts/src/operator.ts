import { z } from 'zod';

/**
 * The install's operator: portals at the central address (`/admin/portals`) and in
 * `npm run portal`. A portal's name is its address: `/p/<name>/` and `<name>.<host>`.
 */

/** 3 to 40 characters: lowercase latin letters, digits and hyphens, a letter or digit at either end. */
export const PORTAL_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;
/** Names the install's own host names commonly take. */
export const RESERVED_PORTAL_NAMES = ['www', 'api', 'mail', 'smtp', 'admin', 'passport'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const PortalName = z
  .string()
  .max(100)
  .trim()
  .toLowerCase()
  .regex(PORTAL_NAME_PATTERN, { error: 'operator.name_invalid', abort: true })
  .refine((v) => !RESERVED_PORTAL_NAMES.includes(v), { error: 'operator.name_reserved' });

export const CreatePortalRequest = z.object({
  name: PortalName,
  title: z.string().trim().min(1, { error: 'operator.title_required' }).max(255),
  adminEmail: z.string().max(320).trim().toLowerCase().regex(EMAIL, { error: 'operator.email_invalid' }),
});
export type CreatePortalRequest = z.input<typeof CreatePortalRequest>;

export const OperatorPortal = z.object({
  name: z.string(),
  title: z.string(),
  /** Where the portal opens (path form). */
  url: z.string(),
  /** Active members, and invitations not yet accepted. */
  members: z.number().int(),
  invited: z.number().int(),
  createdAt: z.string(),
});
export type OperatorPortal = z.infer<typeof OperatorPortal>;

export const OperatorPortalList = z.object({ portals: z.array(OperatorPortal) });
export type OperatorPortalList = z.infer<typeof OperatorPortalList>;

export const CreatedPortal = z.object({
  portal: OperatorPortal,
  adminEmail: z.string(),
  /** The administrator's invitation: sets the password (or asks for the existing one) and joins the portal. */
  inviteUrl: z.string(),
});
export type CreatedPortal = z.infer<typeof CreatedPortal>;

export const OperatorStatus = z.object({ operator: z.boolean() });
export type OperatorStatus = z.infer<typeof OperatorStatus>;
