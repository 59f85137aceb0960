import { ActionIcon, Anchor, Card, CopyButton, Group, Skeleton, Stack, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconCheck, IconExternalLink, IconLink, IconX } from '@tabler/icons-react';
import type { FormEvent, ReactNode, Ref } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../EmptyState';
import { FormError } from '../form-kit';
import { useKitT } from '../kit-i18n';
import { ConflictBanner, type ConflictBannerProps } from './ConflictBanner';
import { SaveBar } from './SaveBar';
import classes from './record-card.module.css';
import { ActionMenu, type ActionMenuItem } from '../ActionMenu';

export type RecordMenuItem = ActionMenuItem;

export interface RecordCardProps {
  /** 'slider': over the list, with ✕ and «Открыть на отдельной странице»; 'page': a page of its own. */
  mode: 'slider' | 'page';
  title: ReactNode;
  /** Beside the title: «Сделка #16», «Конвертирован»… */
  badges?: ReactNode;
  /** Buttons at the right of the header, before the standard ones (e.g. «Конвертировать»). */
  actions?: ReactNode;
  /** The record's own address: a «Скопировать ссылку» button (and «Открыть на отдельной странице» in a slider). */
  shareUrl?: string;
  /** The items of the ⋮ menu («Копировать», «Удалить»); none: no menu. */
  menu?: RecordMenuItem[];
  /** On a page: the «К списку» link. */
  backTo?: string;
  onClose: () => void;
  /** Under the title row: a stage bar, tabs. */
  headerExtra?: ReactNode;
  /** Set while a save answered 409 (or a newer version came while editing): the banner under the header. */
  conflict?: ConflictBannerProps | null;
  headerRef?: Ref<HTMLElement>;
  /** The main column (usually a RecordForm). */
  children: ReactNode;
  /** The right column: linked items, the timeline, comments. */
  aside?: ReactNode;
}

/** A record's card: sticky header with the title and actions, the fields on the left, the timeline slot on the right. */
export function RecordCard({ mode, title, badges, actions, shareUrl, menu, backTo, onClose, headerExtra, conflict, headerRef, children, aside }: RecordCardProps) {
  const { t } = useKitT();
  const inSlider = mode === 'slider';
  return (
    <div className={classes.cardShell}>
      <header ref={headerRef} className={classes.cardHeader} style={mode === 'page' ? { top: 56 } : undefined}>
        {mode === 'page' && backTo ? (
          <Anchor component={Link} to={backTo} size="sm" mb={6} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
            <IconArrowLeft size={14} /> {t('card.backToList')}
          </Anchor>
        ) : null}
        <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
          <Group gap="sm" wrap="wrap" style={{ minWidth: 0, flex: 1 }}>
            <Title order={2} fz={22} fw={600} style={{ overflowWrap: 'break-word', minWidth: 0, maxWidth: '100%' }}>
              {title}
            </Title>
            {badges}
          </Group>
          <Group gap={6} wrap="nowrap" style={{ flex: 'none' }}>
            {actions}
            {shareUrl ? (
              <CopyButton value={shareUrl}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? t('card.linkCopied') : t('card.copyLink')}>
                    <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} aria-label={t('card.copyLink')} onClick={copy}>
                      {copied ? <IconCheck size={18} /> : <IconLink size={18} />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            ) : null}
            {inSlider && shareUrl ? (
              <Tooltip label={t('card.openPage')}>
                <ActionIcon variant="subtle" color="gray" aria-label={t('card.openPage')} component="a" href={shareUrl} target="_blank" rel="noopener">
                  <IconExternalLink size={18} />
                </ActionIcon>
              </Tooltip>
            ) : null}
            <ActionMenu items={menu ?? []} label={t('card.actions')} position="bottom-end" iconSize={18} zIndex={400} />
            {inSlider ? (
              <ActionIcon variant="subtle" color="gray" aria-label={t('card.close')} onClick={onClose}>
                <IconX size={20} />
              </ActionIcon>
            ) : null}
          </Group>
        </Group>
        {headerExtra ? <div style={{ marginTop: 12 }}>{headerExtra}</div> : null}
        {conflict ? <ConflictBanner {...conflict} /> : null}
      </header>
      <div className={classes.cardColumns}>
        {children}
        {aside ? <Stack gap="md">{aside}</Stack> : null}
      </div>
    </div>
  );
}

export interface RecordFormProps {
  /** The form's accessible name (the record's title). */
  label: string;
  formRef?: Ref<HTMLFormElement>;
  onSubmit: () => void;
  /** Escape inside the form while nothing is changed: closes the editors. */
  onEscape?: () => void;
  /** The save bar («Сохранить», «Отменить») at the bottom while editing. */
  showSaveBar: boolean;
  saving?: boolean;
  onCancel: () => void;
  /** An error not tied to a field, above the sections. */
  formError?: string | null;
  children: ReactNode;
}

/** The card's fields as one form: Enter saves, the save bar sticks to the bottom while several fields are open. */
export function RecordForm({ label, formRef, onSubmit, onEscape, showSaveBar, saving, onCancel, formError, children }: RecordFormProps) {
  return (
    <Card
      ref={formRef}
      style={{ overflow: 'visible' }}
      component="form"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
      onKeyDown={(e: React.KeyboardEvent) => {
        // Not while a dropdown is open, nor from a popup (a calendar) portalled outside the form.
        if (e.key !== 'Escape' || !onEscape || (e.target as HTMLElement).getAttribute('aria-expanded') === 'true' || !e.currentTarget.contains(e.target as Node)) return;
        e.stopPropagation();
        onEscape();
      }}
      noValidate
      aria-label={label}
    >
      <Stack gap="lg">
        <FormError message={formError ?? null} />
        {children}
      </Stack>
      {showSaveBar ? <SaveBar saving={saving} onCancel={onCancel} /> : null}
    </Card>
  );
}

/** While the record loads: the card's outline in skeletons. */
export function RecordCardSkeleton({ onClose }: { onClose: () => void }) {
  const { t } = useKitT();
  return (
    <div className={classes.cardShell} aria-busy="true">
      <header className={classes.cardHeader}>
        <Group justify="space-between">
          <Skeleton h={26} w={280} />
          <ActionIcon variant="subtle" color="gray" aria-label={t('card.close')} onClick={onClose}>
            <IconX size={20} />
          </ActionIcon>
        </Group>
        <Skeleton h={30} mt={12} />
      </header>
      <div className={classes.cardColumns}>
        <Card>
          <Stack gap="md">
            {Array.from({ length: 7 }, (_, i) => (
              <div key={i}>
                <Skeleton h={10} w={90} mb={6} />
                <Skeleton h={14} w={`${50 + (i % 3) * 15}%`} />
              </div>
            ))}
          </Stack>
        </Card>
        <Card>
          <Skeleton h={64} mb="md" />
          <Skeleton h={12} w="70%" mb={8} />
          <Skeleton h={12} w="50%" />
        </Card>
      </div>
    </div>
  );
}

/** A record that cannot be shown: «not found or no access» (or the error's message), with ✕. */
export function RecordCardError({ message, onClose }: { message?: string; onClose: () => void }) {
  const { t } = useKitT();
  return (
    <div className={classes.cardShell}>
      <Group justify="flex-end" p="sm">
        <ActionIcon variant="subtle" color="gray" aria-label={t('card.close')} onClick={onClose}>
          <IconX size={18} />
        </ActionIcon>
      </Group>
      <EmptyState icon={<IconAlertTriangle size={30} />} title={message ?? t('card.notFound')} />
    </div>
  );
}
