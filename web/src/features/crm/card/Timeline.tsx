import { ActionIcon, Button, Card, Group, Skeleton, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconBold, IconHistory, IconItalic, IconList, IconMessage, IconPencil, IconPlus } from '@tabler/icons-react';
import DOMPurify from 'dompurify';
import { useRef, useState } from 'react';
import { formatDateTime } from '../../../ui/format';
import uiClasses from '../../../ui/ui.module.css';
import { useAddComment, useTimeline } from '../api';
import { RefAvatar } from '../common';
import { formatMoney } from '../format';
import { useCrmT } from '../i18n';
import type { EntityType, TimelineEntry } from '../types';
import classes from '../crm.module.css';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** The comment box: a small rich text (bold, italic, list) that sends HTML paragraphs. */
function CommentBox({ entity, id }: { entity: EntityType; id: number }) {
  const { t } = useCrmT();
  const ref = useRef<HTMLDivElement>(null);
  const [empty, setEmpty] = useState(true);
  const add = useAddComment(entity, id);
  const exec = (cmd: string) => {
    ref.current?.focus();
    document.execCommand(cmd);
  };
  const html = (): string => {
    const el = ref.current;
    if (!el) return '';
    const raw = el.innerHTML.trim();
    // Plain lines typed without formatting become paragraphs.
    const hasBlocks = /<(p|div|ul|ol)\b/i.test(raw);
    const body = hasBlocks ? raw.replace(/<div>/gi, '<p>').replace(/<\/div>/gi, '</p>') : raw.split(/<br\s*\/?>/i).filter((l) => l.trim()).map((l) => `<p>${l}</p>`).join('');
    return DOMPurify.sanitize(body, { ALLOWED_TAGS: ['p', 'b', 'strong', 'i', 'em', 'ul', 'ol', 'li', 'br', 'a'], ALLOWED_ATTR: ['href'] });
  };
  const send = () => {
    const h = html();
    const text = ref.current?.textContent?.trim() ?? '';
    if (!text) return;
    add.mutate(
      { html: h || `<p>${escapeHtml(text)}</p>`, mentions: [] },
      {
        onSuccess: () => {
          if (ref.current) ref.current.innerHTML = '';
          setEmpty(true);
        },
      },
    );
  };
  return (
    <Stack gap={6}>
      <div>
        <div className={classes.editorTools}>
          <Tooltip label={t('timeline.bold')}>
            <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('timeline.bold')} onMouseDown={(e) => e.preventDefault()} onClick={() => exec('bold')}>
              <IconBold size={15} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('timeline.italic')}>
            <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('timeline.italic')} onMouseDown={(e) => e.preventDefault()} onClick={() => exec('italic')}>
              <IconItalic size={15} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('timeline.list')}>
            <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('timeline.list')} onMouseDown={(e) => e.preventDefault()} onClick={() => exec('insertUnorderedList')}>
              <IconList size={15} />
            </ActionIcon>
          </Tooltip>
        </div>
        <div
          ref={ref}
          className={classes.editor}
          contentEditable
          role="textbox"
          aria-multiline="true"
          aria-label={t('timeline.comment')}
          data-placeholder={t('timeline.placeholder')}
          onInput={() => setEmpty(!(ref.current?.textContent ?? '').trim())}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              send();
            }
          }}
          suppressContentEditableWarning
        />
      </div>
      <Group justify="flex-end">
        <Button size="xs" onClick={send} loading={add.isPending} disabled={empty}>
          {t('timeline.send')}
        </Button>
      </Group>
    </Stack>
  );
}

const MONEY_FIELDS = new Set(['amount', 'revenue', 'opportunity']);

function ChangeText({ e }: { e: Extract<TimelineEntry, { kind: 'change' }> }) {
  const { t } = useCrmT();
  const label = e.fieldLabel ?? e.field;
  const show = (v: string | null) => (v && e.field && MONEY_FIELDS.has(e.field) && /^-?\d+(\.\d{1,2})?$/.test(v) ? formatMoney(v, 'RUB') : v);
  if (label) {
    return (
      <Text size="sm">
        <Text span fw={500} size="sm">
          {label}:
        </Text>{' '}
        <Text span c="dimmed" size="sm" td={e.oldValue ? 'line-through' : undefined}>
          {show(e.oldValue) || t('timeline.emptyValue')}
        </Text>{' '}
        →{' '}
        <Text span size="sm">
          {show(e.newValue) || t('timeline.emptyValue')}
        </Text>
      </Text>
    );
  }
  // Actions come as codes (crm.deal.created): their last word says what happened.
  const a = e.action.split('.').pop() ?? '';
  const text = /from_lead/.test(a)
    ? t('timeline.createdFromLead')
    : /^creat/.test(a)
      ? t('timeline.created')
      : /^delet/.test(a)
        ? t('timeline.deleted')
        : /^convert/.test(a)
          ? t('timeline.converted')
          : /^cop/.test(a)
            ? t('timeline.copied')
            : t('timeline.updated');
  return <Text size="sm">{text}</Text>;
}

/** History of the item: comments and every change (who, when, field: old → new), newest first. */
export function Timeline({ entity, id }: { entity: EntityType; id: number }) {
  const { t } = useCrmT();
  const timeline = useTimeline(entity, id);
  const words = { today: t('timeline.today'), yesterday: t('timeline.yesterday') };
  return (
    <Card>
      <Title order={3} fz="md" fw={600} mb="sm">
        {t('timeline.title')}
      </Title>
      {id > 0 ? (
        <CommentBox entity={entity} id={id} />
      ) : (
        <Text size="sm" c="dimmed">
          {t('card.saveFirst')}
        </Text>
      )}
      {id > 0 ? (
        <Stack gap={14} mt="lg" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('timeline.title')}>
          {!timeline.data
            ? Array.from({ length: 3 }, (_, i) => (
                <li key={i}>
                  <Skeleton h={12} w="70%" mb={6} />
                  <Skeleton h={10} w="40%" />
                </li>
              ))
            : timeline.data.length === 0
              ? (
                  <Text size="sm" c="dimmed" component="li">
                    {t('timeline.empty')}
                  </Text>
                )
              : timeline.data.map((e) => (
                  <li key={`${e.kind}-${e.id}`} className={classes.timelineItem}>
                    <span className={classes.timelineDot} aria-hidden>
                      {e.kind === 'comment' ? <IconMessage size={13} /> : e.kind === 'change' && /creat/.test(e.action) ? <IconPlus size={13} /> : e.kind === 'change' && e.field ? <IconPencil size={13} /> : <IconHistory size={13} />}
                    </span>
                    <Group gap={6} wrap="nowrap" mb={2}>
                      {e.author ? <RefAvatar user={e.author} size={18} /> : null}
                      <Text size="xs" fw={600}>
                        {e.author?.fullName ?? t('timeline.system')}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {formatDateTime(e.createdAt, words)}
                      </Text>
                    </Group>
                    {e.kind === 'comment' ? (
                      <div className={uiClasses.richText} dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(e.html) }} />
                    ) : (
                      <ChangeText e={e} />
                    )}
                  </li>
                ))}
        </Stack>
      ) : null}
    </Card>
  );
}
