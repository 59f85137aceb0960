import { Select, type SelectProps } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { buildDepartmentTree, flattenTree, useDepartments } from './api';

type Props = Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value: number | null;
  onChange: (id: number | null) => void;
  /** Departments that may not be chosen (a department cannot be moved under itself). */
  exclude?: Set<number>;
};

/** Departments in tree order, indented by level. */
export function DepartmentSelect({ value, onChange, exclude, ...rest }: Props) {
  const { t } = useTranslation();
  const departments = useDepartments();
  const data = useMemo(() => {
    const flat = flattenTree(buildDepartmentTree(departments.data ?? []));
    return flat.map((d) => ({ value: String(d.id), label: d.name, disabled: exclude?.has(d.id) ?? false }));
  }, [departments.data, exclude]);
  const depth = useMemo(() => {
    const m = new Map<string, number>();
    for (const d of flattenTree(buildDepartmentTree(departments.data ?? []))) m.set(String(d.id), d.depth);
    return m;
  }, [departments.data]);

  return (
    <Select
      data={data}
      value={value === null ? null : String(value)}
      onChange={(v) => onChange(v ? Number(v) : null)}
      searchable
      clearable
      nothingFoundMessage={t('common.nothingFound')}
      placeholder={departments.isPending ? t('common.loading') : t('structure.chooseDepartment')}
      comboboxProps={{ withinPortal: true }}
      renderOption={({ option }) => <span style={{ paddingLeft: (depth.get(option.value) ?? 0) * 14 }}>{option.label}</span>}
      {...rest}
    />
  );
}
