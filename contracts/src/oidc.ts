import { z } from 'zod';

/**
 * The provider's issuer: an http(s) address. The server decides the rest by its settings:
 * https to a public address, plain http and private addresses only where the operator allows them.
 */
export const OidcIssuer = z
  .string()
  .trim()
  .max(1024)
  .pipe(z.url({ protocol: /^https?$/ }));

/** An OpenID Connect provider as administrators see it: the client secret is never sent back. */
export const OidcProvider = z.object({
  id: z.number().int(),
  label: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  enabled: z.boolean(),
});
export type OidcProvider = z.infer<typeof OidcProvider>;

export const OidcProviderList = z.object({
  items: z.array(OidcProvider),
  /** What to register at the provider as the redirect URI of this portal. */
  redirectUri: z.string(),
});
export type OidcProviderList = z.infer<typeof OidcProviderList>;

export const OidcProviderInput = z.object({
  label: z.string().trim().min(1).max(100),
  issuer: OidcIssuer,
  clientId: z.string().trim().min(1).max(255),
  clientSecret: z.string().min(1).max(255),
  enabled: z.boolean().default(true),
});
export type OidcProviderInput = z.infer<typeof OidcProviderInput>;

/** Fields left out keep their value; so does the secret, which the form cannot show. */
export const OidcProviderUpdate = OidcProviderInput.partial().extend({ enabled: z.boolean().optional() });
export type OidcProviderUpdate = z.infer<typeof OidcProviderUpdate>;
