import { Button, CloseButton, Combobox, Group, Kbd, Loader, ScrollArea, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue, useMediaQuery, useWindowEvent } from '@mantine/hooks';
import { IconArrowRight, IconHistory, IconSearch } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Highlight } from '../../ui/Highlight';
import { openUrl } from '../../ui/links';
import { useSearch } from './api';
import { useRecentSearches } from './recent-searches';
import { KindIcon } from './search-kinds';
import classes from './shell.module.css';

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/** The option that opens the results page. */
const ALL = 'all';
const RECENT = 'recent:';

/** The results page's address for a query. */
export function searchPagePath(q: string): string {
  return `/search?q=${encodeURIComponent(q.trim())}`;
}

/**
 * Portal search in the top bar: results grouped by kind as the user types, the matched words in
 * bold, «Показать все результаты» last; the last queries while it is empty; «/» focuses it.
 */
export function SearchBox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const [debounced] = useDebouncedValue(value.trim(), 200);
  const search = useSearch(debounced);
  const { recent, remember, clear } = useRecentSearches();
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

  const typed = value.trim();
  const groups = useMemo(() => (debounced ? (search.data?.groups ?? []).filter((g) => g.items.length > 0) : []), [debounced, search.data]);
  const corrected = debounced ? (search.data?.corrected ?? null) : null;
  const urls = useMemo(() => {
    const m = new Map<string, string>();
    for (const g of groups) for (const i of g.items) m.set(`${g.kind}:${i.id}`, i.url);
    return m;
  }, [groups]);

  // The first result is preselected, so Enter opens it.
  useEffect(() => {
    if (groups.length) combobox.selectFirstOption();
  }, [groups]);

  const done = () => {
    combobox.closeDropdown();
    setValue('');
    inputRef.current?.blur();
  };

  const submit = (key: string) => {
    if (key.startsWith(RECENT)) {
      const q = recent[Number(key.slice(RECENT.length))];
      if (!q) return;
      setValue(q);
      combobox.openDropdown();
      inputRef.current?.focus();
      return;
    }
    if (key === ALL) {
      if (!typed) return;
      remember(corrected ?? typed);
      done();
      navigate(searchPagePath(typed));
      return;
    }
    const url = urls.get(key);
    if (!url) return;
    remember(corrected ?? typed);
    done();
    openUrl(navigate, url);
  };

  const pending = typed !== debounced || (search.isFetching && !search.data);
  const showRecent = !typed && recent.length > 0;
  const showDropdown = typed.length > 0 || showRecent;

  return (
    <Combobox store={combobox} onOptionSubmit={submit} withinPortal position="bottom-start" shadow="lg" radius="md" offset={6}>
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
            if (e.currentTarget.value.trim() || recent.length) combobox.openDropdown();
            else combobox.closeDropdown();
          }}
          onFocus={() => {
            if (value.trim() || recent.length) combobox.openDropdown();
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

      <Combobox.Dropdown hidden={!showDropdown} aria-label={t('search.results')} className={classes.searchDropdown}>
        {showRecent ? (
          <Combobox.Options>
            <Group justify="space-between" wrap="nowrap" className={classes.searchRecentHeader}>
              <Text size="xs" fw={600} c="dimmed" className={classes.searchGroupLabel}>
                {t('search.recent')}
              </Text>
              <Button
                size="compact-xs"
                variant="subtle"
                color="gray"
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => {
                  clear();
                  combobox.closeDropdown();
                }}
              >
                {t('search.clearRecent')}
              </Button>
            </Group>
            {recent.map((q, i) => (
              <Combobox.Option key={q} value={`${RECENT}${i}`} className={classes.searchOption}>
                <Group gap="sm" wrap="nowrap">
                  <IconHistory size={16} className={classes.searchRecentIcon} aria-hidden="true" />
                  <Text size="sm" truncate>
                    {q}
                  </Text>
                </Group>
              </Combobox.Option>
            ))}
          </Combobox.Options>
        ) : (
          <Combobox.Options>
            <ScrollArea.Autosize mah="min(520px, 70vh)" type="scroll" scrollbars="y" classNames={{ content: classes.searchScrollContent }}>
              {corrected && groups.length > 0 ? (
                <Text size="sm" c="dimmed" className={classes.searchCorrected}>
                  <Trans i18nKey="search.correctedTo" values={{ query: corrected }} components={{ b: <Text span fw={600} c="dark.7" /> }} />
                </Text>
              ) : null}
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
                        <Group gap="sm" wrap="nowrap">
                          <KindIcon kind={g.kind} size={30} />
                          <div className={classes.searchOptionText}>
                            <Text size="sm" fw={500} truncate>
                              <Highlight text={i.title} marks={i.marks} />
                            </Text>
                            {i.subtitle ? (
                              <Text size="xs" c="dimmed" truncate>
                                {i.subtitle}
                              </Text>
                            ) : null}
                          </div>
                        </Group>
                      </Combobox.Option>
                    ))}
                  </Combobox.Group>
                ))
              )}
            </ScrollArea.Autosize>
            {groups.length > 0 ? (
              // Outside the scrolled part: always in sight, the last option for the arrows.
              <Combobox.Option value={ALL} className={classes.searchAll}>
                <Group gap={6} wrap="nowrap" justify="center">
                  <Text size="sm" fw={500} c="blue.7">
                    {t('search.showAll')}
                  </Text>
                  <IconArrowRight size={15} color="var(--mantine-color-blue-7)" aria-hidden="true" />
                </Group>
              </Combobox.Option>
            ) : null}
          </Combobox.Options>
        )}
      </Combobox.Dropdown>
    </Combobox>
  );
}
