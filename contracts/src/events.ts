import { z } from 'zod';

/**
 * One kind of domain event: its name (`<module>.<entity>.<verb>`) and the schema of its
 * payload. The server records events and its processors read them through these
 * definitions, so a payload that does not fit is a compile error on both sides.
 */
export interface EventDef<N extends string = string, P extends z.ZodType<Record<string, unknown>> = z.ZodType<Record<string, unknown>>> {
  readonly name: N;
  readonly payload: P;
}

export function defineEvent<const N extends string, P extends z.ZodType<Record<string, unknown>>>(name: N, payload: P): EventDef<N, P> {
  return { name, payload };
}

/** The payload an event of this definition carries. */
export type EventPayload<D extends EventDef> = z.infer<D['payload']>;

/** One field's change, written beside the payload; the history processor turns it into the item's history. */
export const EventChange = z.object({ field: z.string(), old: z.unknown(), new: z.unknown() });
export type EventChange = z.infer<typeof EventChange>;

/** A payload with nothing in it beyond the field changes. */
export const NoPayload = z.object({});
