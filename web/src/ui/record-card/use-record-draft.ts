import { useEffect, useState } from 'react';

export interface RecordDraftOptions<T extends { version: number }, D> {
  /** The record from the server (null while loading, or for a new record). */
  data: T | null;
  /** The editable copy of a record. */
  toDraft: (data: T) => D;
  /** The draft of a new record. */
  initial: () => D;
  /** True while editors are open: a newer version arriving then is a conflict, not a silent refresh. */
  editing: boolean;
}

/**
 * A record's draft against the version it was read at. A fresh record from the server replaces
 * the draft unless the user is editing; a newer version while editing raises `conflict`, as does
 * a save answered 409 (`setConflict(true)`). `keepMine()` keeps the draft and takes the newest
 * version as the base of the next save (it overwrites the other change); `accept(saved)` takes a
 * saved record as the new base.
 */
export function useRecordDraft<T extends { version: number }, D>({ data, toDraft, initial, editing }: RecordDraftOptions<T, D>) {
  const [draft, setDraft] = useState<D>(() => (data ? toDraft(data) : initial()));
  const [base, setBase] = useState<D | null>(data ? toDraft(data) : null);
  const [version, setVersion] = useState<number | null>(data?.version ?? null);
  const [conflict, setConflict] = useState(false);
  const dirty = base !== null && JSON.stringify(draft) !== JSON.stringify(base);

  const accept = (saved: T) => {
    const d = toDraft(saved);
    setDraft(d);
    setBase(d);
    setVersion(saved.version);
    setConflict(false);
  };

  useEffect(() => {
    if (!data) return;
    if (version === null || (!editing && !dirty)) accept(data);
    else if (data.version !== version) setConflict(true);
  }, [data]);

  return {
    draft,
    setDraft,
    base,
    setBase,
    version,
    setVersion,
    dirty,
    conflict,
    setConflict,
    accept,
    /** Back to the base: the editors' changes go. */
    revert: () => {
      if (base) setDraft(base);
    },
    /** Keeps what the user typed; the next save goes over the newest version the card knows. */
    keepMine: (fresh: T | null = data) => {
      if (fresh) setVersion(fresh.version);
      setConflict(false);
    },
  };
}
