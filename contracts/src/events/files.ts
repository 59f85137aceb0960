import { z } from 'zod';
import { defineEvent } from '../events.js';

export const filesEvents = {
  // `purpose: 'attachment'`: sent as an attachment (a comment, a post, a field), which the drive keeps a copy of in «Загруженные файлы».
  fileCreated: defineEvent('files.file.created', z.object({ name: z.string(), size: z.number(), mime: z.string(), purpose: z.enum(['attachment']).optional() })),
  /** The text of a content was read (a PDF, a text file): the items showing files of it are indexed again. */
  textRead: defineEvent('files.text.read', z.object({ sha256: z.string() })),
};
