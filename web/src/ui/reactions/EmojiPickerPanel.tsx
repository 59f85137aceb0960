import { Loader, Text } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { EmojiPicker } from 'frimousse';
import { useKitT } from '../kit-i18n';
import { EMOJIBASE_URL } from './emojibase-path';
import { pickerLocale } from './reactions';
import classes from './reactions.module.css';

/** frimousse's picker in Mantine's look: a search field, the emoji by category; data from the portal itself. */
export function EmojiPickerPanel({ onPick }: { onPick: (emoji: string) => void }) {
  const { t, i18n } = useKitT();
  return (
    <EmojiPicker.Root
      className={classes.picker}
      locale={pickerLocale(i18n.language)}
      emojibaseUrl={EMOJIBASE_URL}
      columns={8}
      onEmojiSelect={(e) => onPick(e.emoji)}
      aria-label={t('reactions.picker')}
    >
      <div className={classes.pickerSearchBox}>
        <IconSearch size={14} className={classes.pickerSearchIcon} aria-hidden />
        <EmojiPicker.Search className={classes.pickerSearch} placeholder={t('reactions.search')} aria-label={t('reactions.search')} autoFocus />
      </div>
      <EmojiPicker.Viewport className={classes.pickerViewport}>
        <EmojiPicker.Loading className={classes.pickerState}>
          <Loader size="sm" />
          <Text size="sm" c="dimmed">
            {t('reactions.loading')}
          </Text>
        </EmojiPicker.Loading>
        <EmojiPicker.Empty className={classes.pickerState}>
          <Text size="sm" c="dimmed">
            {t('reactions.nothing')}
          </Text>
        </EmojiPicker.Empty>
        <EmojiPicker.List
          className={classes.pickerList}
          components={{
            CategoryHeader: ({ category, ...props }) => (
              <div className={classes.pickerCategory} {...props}>
                {category.label}
              </div>
            ),
            Row: ({ children, ...props }) => (
              <div className={classes.pickerRow} {...props}>
                {children}
              </div>
            ),
            Emoji: ({ emoji, ...props }) => (
              <button className={classes.pickerEmoji} data-active={emoji.isActive || undefined} aria-label={emoji.label} title={emoji.label} {...props}>
                {emoji.emoji}
              </button>
            ),
          }}
        />
      </EmojiPicker.Viewport>
    </EmojiPicker.Root>
  );
}
