import { z } from 'zod';
import { Lang } from './common.js';

export const LoginRequest = z.object({
  login: z.string().trim().min(1, { error: 'auth.login_required' }).max(320),
  password: z.string().min(1).max(1000),
});

export const PortalRef = z.object({ name: z.string(), title: z.string(), url: z.string() });
export type PortalRef = z.infer<typeof PortalRef>;

export const CurrentUser = z.object({
  id: z.number().int(),
  firstName: z.string(),
  lastName: z.string(),
  fullName: z.string(),
  photoUrl: z.string().nullable(),
  position: z.string(),
  role: z.enum(['admin', 'employee']),
  language: Lang,
});
export type CurrentUser = z.infer<typeof CurrentUser>;

export const PortalInfo = z.object({
  portal: z.object({ name: z.string(), title: z.string() }).nullable(),
  /** Sign-in through external identity providers configured for this portal. */
  oidc: z.array(z.object({ id: z.number().int(), label: z.string() })),
});
export type PortalInfo = z.infer<typeof PortalInfo>;

/** At a portal the answer carries the user; at the central address, the account's portals. */
export const LoginResponse = z.object({
  user: CurrentUser.nullable(),
  portals: z.array(PortalRef),
  csrfToken: z.string(),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export const Me = z.object({
  user: CurrentUser,
  portal: z.object({ name: z.string(), title: z.string() }),
  csrfToken: z.string(),
  abilities: z.record(z.string(), z.boolean()),
});
export type Me = z.infer<typeof Me>;

export const ForgotPasswordRequest = z.object({ login: z.string().trim().min(1, { error: 'auth.login_required' }).max(320) });
export const NewPasswordRequest = z.object({
  token: z.string().min(10).max(200),
  password: z.string().min(8, { error: 'auth.password_too_short' }).max(200),
});
export const TokenInfo = z.object({ login: z.string(), name: z.string(), portal: z.string().nullable(), hasPassword: z.boolean() });
