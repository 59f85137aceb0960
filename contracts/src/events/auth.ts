import { z } from 'zod';
import { defineEvent, NoPayload } from '../events.js';

export const authEvents = {
  oidcIdentityLinked: defineEvent('auth.oidc_identity.linked', z.object({ userId: z.number().int(), subject: z.string() })),
  oidcProviderCreated: defineEvent('auth.oidc_provider.created', z.object({ label: z.string(), issuer: z.string() })),
  oidcProviderUpdated: defineEvent('auth.oidc_provider.updated', NoPayload),
  oidcProviderDeleted: defineEvent('auth.oidc_provider.deleted', z.object({ label: z.string() })),
};
