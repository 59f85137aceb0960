import { CloseButton, Combobox, Group, Kbd, Loader, ScrollArea, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue, useMediaQuery, useWindowEvent } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { openUrl } from '../../ui/links';
import { useSearch } from './api';
import classes from './shell.module.css';

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/** Portal search in the top bar: results grouped by kind as the user types; «/» focuses it. */
export function SearchBox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const [debounced] = useDebouncedValue(value.trim(), 200);
  const search = useSearch(debounced);
  const inputRef = useRef<HTMLInputElement>(null);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  // On a phone the bar is narrow: a short placeholder and no «/» hint (there is no keyboard shortcut to show).
  const phone = useMediaQuery('(max-width: 768px)') ?? false;

  useWindowEvent('keydown', (e) => {
    if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTypingTarget(e.target)) {
      e.preventDefault();
      inputRef.current?.focus();
    }
  });

  const groups = useMemo(() => (debounced ? (search.data?.groups ?? []).filter((g) => g.items.length > 0) : []), [debounced, search.data]);
  const urls = useMemo(() => {
    const m = new Map<string, string>();
    for (const g of groups) for (const i of g.items) m.set(`${g.kind}:${i.id}`, i.url);
    return m;
  }, [groups]);

  // The first result is preselected, so Enter opens it.
  useEffect(() => {
    if (groups.length) combobox.selectFirstOption();
  }, [groups]);

  const open = (key: string) => {
    const url = urls.get(key);
    if (!url) return;
    combobox.closeDropdown();
    setValue('');
    inputRef.current?.blur();
    openUrl(navigate, url);
  };

  const pending = value.trim() !== debounced || (search.isFetching && !search.data);
  const showDropdown = value.trim().length > 0;

  return (
    <Combobox store={combobox} onOptionSubmit={open} withinPortal position="bottom-start" shadow="lg" radius="md" offset={6}>
      {/* role="combobox" with aria-expanded: screen readers announce the results popup. */}
      <Combobox.Target withExpandedAttribute>
        <TextInput
          ref={inputRef}
          className={classes.search}
          value={value}
          placeholder={phone ? t('search.placeholderShort') : t('search.placeholder')}
          aria-label={t('search.label')}
          leftSection={<IconSearch size={17} />}
          rightSection={
            value ? (
              <CloseButton
                size="sm"
                aria-label={t('search.clear')}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => {
                  setValue('');
                  combobox.closeDropdown();
                }}
              />
            ) : phone ? null : (
              <Kbd size="xs" className={classes.searchKbd} aria-hidden="true">
                /
              </Kbd>
            )
          }
          radius="xl"
          variant="filled"
          onChange={(e) => {
            setValue(e.currentTarget.value);
            if (e.currentTarget.value.trim()) combobox.openDropdown();
            else combobox.closeDropdown();
          }}
          onFocus={() => {
            if (value.trim()) combobox.openDropdown();
          }}
          onBlur={() => combobox.closeDropdown()}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              combobox.closeDropdown();
              if (!value) inputRef.current?.blur();
            }
          }}
        />
      </Combobox.Target>

      <Combobox.Dropdown hidden={!showDropdown} aria-label={t('search.results')}>
        <Combobox.Options>
          <ScrollArea.Autosize mah="min(480px, 70vh)" type="scroll">
            {pending && groups.length === 0 ? (
              <Group gap="xs" p="sm">
                <Loader size="xs" />
                <Text size="sm" c="dimmed">
                  {t('search.searching')}
                </Text>
              </Group>
            ) : groups.length === 0 ? (
              <Combobox.Empty>{search.isError ? t('search.failed') : t('search.nothing')}</Combobox.Empty>
            ) : (
              groups.map((g) => (
                <Combobox.Group key={g.kind} label={g.title}>
                  {g.items.map((i) => (
                    <Combobox.Option key={`${g.kind}:${i.id}`} value={`${g.kind}:${i.id}`} className={classes.searchOption}>
                      <Text size="sm" fw={500} truncate>
                        {i.title}
                      </Text>
                      {i.subtitle ? (
                        <Text size="xs" c="dimmed" truncate>
                          {i.subtitle}
                        </Text>
                      ) : null}
                    </Combobox.Option>
                  ))}
                </Combobox.Group>
              ))
            )}
          </ScrollArea.Autosize>
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
