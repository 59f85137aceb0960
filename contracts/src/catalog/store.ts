import { z } from 'zod';

/** Warehouse documents: «Приход», «Списание», «Перемещение». */
export const StoreDocumentType = z.enum(['receipt', 'writeoff', 'move']);
export type StoreDocumentType = z.infer<typeof StoreDocumentType>;
/** «Черновик» → «Проведён» → «Отменён». */
export const StoreDocumentStatus = z.enum(['draft', 'posted', 'cancelled']);
export type StoreDocumentStatus = z.infer<typeof StoreDocumentStatus>;
