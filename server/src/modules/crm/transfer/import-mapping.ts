import type { FieldDef } from '@vavilon/contracts';
import type { FieldError } from '../../../platform/errors.js';
import type { Lang } from '../../../platform/i18n/index.js';
import type { EntityType } from '../schema.js';
import { IMPORT_TARGETS, importableCustom, uniqueColumns } from './import-fields.js';
import type { ColumnMap } from './row-input.js';

/** The mapping {file column: field key} as positions in the file's rows; skipped columns left out. */
export function columnMaps(header: string[], mapping: Record<string, string>): ColumnMap[] {
  const columns = uniqueColumns(header);
  return Object.entries(mapping)
    .filter(([, key]) => key)
    .map(([column, key]) => ({ index: columns.indexOf(column), column, key }))
    .filter((m) => m.index >= 0);
}

/** Names what must be mapped for a new item to be possible. */
const NEEDED: Record<EntityType, string[][]> = {
  company: [['title']],
  deal: [['title']],
  contact: [['lastName', 'firstName', 'fullName']],
  lead: [],
};

export function checkMapping(entity: EntityType, header: string[], mapping: Record<string, string>, defs: FieldDef[], lang: Lang): FieldError[] {
  const errs: FieldError[] = [];
  const columns = new Set(uniqueColumns(header));
  const targets = new Map(IMPORT_TARGETS[entity].map((t) => [t.key, t]));
  const custom = new Map(importableCustom(defs).map((d) => [d.code, d]));
  const used = new Set<string>();
  for (const [column, key] of Object.entries(mapping)) {
    const field = `mapping.${column}`;
    if (!columns.has(column)) {
      errs.push({ field, message: 'crm.import.column_unknown', params: { column } });
      continue;
    }
    if (!key) continue;
    const target = targets.get(key);
    if (!target && !custom.has(key)) {
      errs.push({ field, message: 'crm.import.field_unknown', params: { key } });
      continue;
    }
    if (used.has(key) && !target?.repeatable) errs.push({ field, message: 'crm.import.field_twice', params: { key: target?.label[lang] ?? custom.get(key)!.label } });
    used.add(key);
  }
  if (!used.size && !errs.length) errs.push({ field: 'mapping', message: 'crm.import_mapping_invalid' });
  else if (!errs.length) {
    for (const any of NEEDED[entity]) {
      if (!any.some((k) => used.has(k))) errs.push({ field: 'mapping', message: 'crm.import.required_unmapped', params: { label: targets.get(any[0]!)!.label[lang] } });
    }
  }
  return errs;
}
