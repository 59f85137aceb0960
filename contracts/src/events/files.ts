import { z } from 'zod';
import { defineEvent } from '../events.js';

export const filesEvents = {
  fileCreated: defineEvent('files.file.created', z.object({ name: z.string(), size: z.number(), mime: z.string() })),
};
