import { z } from 'zod';

/** A file of the portal as clients see it: what was uploaded, its size in bytes and its detected type. */
export const FileInfo = z.object({
  id: z.number().int(),
  name: z.string(),
  size: z.number().int(),
  mime: z.string(),
});
export type FileInfo = z.infer<typeof FileInfo>;
