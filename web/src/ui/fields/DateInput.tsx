import { ActionIcon, Popover, TextInput, type TextInputProps } from '@mantine/core';
import { DatePicker, DatesProvider } from '@mantine/dates';
import '@mantine/dates/styles.css';
import { IconCalendar } from '@tabler/icons-react';
import 'dayjs/locale/en';
import 'dayjs/locale/ru';
import { useEffect, useState } from 'react';
import { useKitT } from '../kit-i18n';

function toText(iso: string): string {
  const m = iso.match(/^(\d{4})-(\d{2})-(\d{2})/);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : '';
}

/** «26.11.2026» typed by hand (dots come by themselves) → "2026-11-26"; null when it is not a date. */
function toIso(text: string): string | null {
  const m = text.match(/^(\d{2})\.(\d{2})\.(\d{4})$/);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return `${m[3]}-${m[2]}-${m[1]}`;
}

function mask(raw: string): string {
  const digits = raw.replace(/\D/g, '').slice(0, 8);
  if (digits.length <= 2) return digits;
  if (digits.length <= 4) return `${digits.slice(0, 2)}.${digits.slice(2)}`;
  return `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4)}`;
}

/**
 * A date field in the Russian form дд.мм.гггг, whatever the browser's language, with the
 * portal's calendar (Mantine's) behind the icon. The value is an ISO day ("2026-11-26") or ''.
 */
export function DateInput({ value, onChange, error, ...rest }: Omit<TextInputProps, 'value' | 'onChange'> & { value: string; onChange: (iso: string) => void }) {
  const { t, i18n } = useKitT();
  const [text, setText] = useState(toText(value));
  const [bad, setBad] = useState(false);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (toIso(text) !== value && !(value === '' && text === '')) setText(toText(value));
  }, [value]);
  return (
    <TextInput
      {...rest}
      value={text}
      inputMode="numeric"
      placeholder={t('fields.datePlaceholder')}
      onChange={(e) => {
        const next = mask(e.currentTarget.value);
        setText(next);
        setBad(false);
        if (next === '') onChange('');
        else {
          const iso = toIso(next);
          if (iso) onChange(iso);
        }
      }}
      onBlur={() => setBad(text !== '' && toIso(text) === null)}
      error={error ?? (bad ? t('fields.dateInvalid') : undefined)}
      rightSection={
        <Popover opened={open} onChange={setOpen} position="bottom-end" shadow="md" withinPortal zIndex={500} trapFocus returnFocus>
          <Popover.Target>
            <ActionIcon variant="subtle" color="gray" size="sm" tabIndex={-1} aria-label={t('fields.pickDate')} aria-expanded={open} onClick={() => setOpen((o) => !o)} disabled={rest.disabled}>
              <IconCalendar size={15} />
            </ActionIcon>
          </Popover.Target>
          <Popover.Dropdown>
            <DatesProvider settings={{ locale: i18n.language === 'en' ? 'en' : 'ru', firstDayOfWeek: 1 }}>
              <DatePicker
                value={value || null}
                defaultDate={value || undefined}
                onChange={(iso) => {
                  const day = iso ? String(iso).slice(0, 10) : '';
                  setText(toText(day));
                  setBad(false);
                  onChange(day);
                  setOpen(false);
                }}
              />
            </DatesProvider>
          </Popover.Dropdown>
        </Popover>
      }
    />
  );
}
