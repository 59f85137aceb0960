import { ActionIcon, Button, Card, Group, Paper, Skeleton, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBold, IconHistory, IconItalic, IconList, IconMessage, IconPencil, IconPlus } from '@tabler/icons-react';
import DOMPurify from 'dompurify';
import { useRef, useState } from 'react';
import { formatDateTime } from '../../../ui/format';
import uiClasses from '../../../ui/ui.module.css';
import { useAddComment, useTimeline } from '../api';
import { RefAvatar } from '../common';
import { formatMoney } from '../format';
import { useCrmT } from '../i18n';
import type { EntityType, TimelineEntry, UserRef } from '../types';
import { useUserList } from '../../users/api';
import { AttachButton, FileLink, UploadChips, useUploads } from './attachments';
import classes from '../crm.module.css';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** Text before the caret when it ends in «@word»: the mention being typed, and where it starts. */
function mentionAtCaret(root: HTMLElement): { node: Text; start: number; end: number; query: string } | null {
  const sel = window.getSelection();
  if (!sel || !sel.rangeCount || !sel.isCollapsed) return null;
  const node = sel.anchorNode;
  if (!node || node.nodeType !== Node.TEXT_NODE || !root.contains(node)) return null;
  if ((node.parentElement as HTMLElement | null)?.closest('[data-mention]')) return null;
  const before = (node.textContent ?? '').slice(0, sel.anchorOffset);
  const m = before.match(/(?:^|[\s\u00a0(])@([\p{L}\d-]{0,30})$/u);
  if (!m) return null;
  const query = m[1] ?? '';
  return { node: node as Text, start: sel.anchorOffset - query.length - 1, end: sel.anchorOffset, query };
}

/** The employees matching a typed «@…», at most eight. */
function MentionMenu({ users, loading, active, onPick, onHover }: { users: UserRef[]; loading: boolean; active: number; onPick: (u: UserRef) => void; onHover: (i: number) => void }) {
  const { t } = useCrmT();
  return (
    <Paper shadow="md" withBorder className={classes.mentionMenu} role="listbox" aria-label={t('mentions.label')}>
      {users.length === 0 ? (
        <Text size="sm" c="dimmed" px={8} py={4}>
          {loading ? t('mentions.loading') : t('mentions.nothing')}
        </Text>
      ) : (
        users.map((u, i) => (
          <button
            key={u.id}
            type="button"
            role="option"
            aria-selected={i === active}
            data-active={i === active}
            className={classes.mentionOption}
            onMouseDown={(e) => e.preventDefault()}
            onMouseEnter={() => onHover(i)}
            onClick={() => onPick(u)}
          >
            <RefAvatar user={u} size={22} />
            <span>{u.fullName}</span>
          </button>
        ))
      )}
    </Paper>
  );
}

/** The comment box: a small rich text (bold, italic, list), @mentions and attached files; sends HTML paragraphs. */
function CommentBox({ entity, id }: { entity: EntityType; id: number }) {
  const { t } = useCrmT();
  const ref = useRef<HTMLDivElement>(null);
  const [empty, setEmpty] = useState(true);
  const [mention, setMention] = useState<{ query: string; active: number } | null>(null);
  const add = useAddComment(entity, id);
  const uploads = useUploads();
  const [mentionQuery] = useDebouncedValue(mention?.query ?? '', 150);
  const people = useUserList({ search: mentionQuery || undefined, pageSize: 8, status: 'active' }, !!mention);
  const mentionOptions: UserRef[] = mention ? (people.data?.items ?? []).map((u) => ({ id: u.id, fullName: u.fullName, photoUrl: u.photoUrl })) : [];
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
    return DOMPurify.sanitize(body, { ALLOWED_TAGS: ['p', 'b', 'strong', 'i', 'em', 'ul', 'ol', 'li', 'br', 'a', 'span'], ALLOWED_ATTR: ['href', 'data-mention'] });
  };
  const mentionIds = (): number[] => {
    const ids = [...(ref.current?.querySelectorAll('span[data-mention]') ?? [])].map((el) => Number(el.getAttribute('data-mention')));
    return [...new Set(ids.filter((n) => Number.isInteger(n) && n > 0))];
  };
  const refreshMention = () => {
    const at = ref.current ? mentionAtCaret(ref.current) : null;
    setMention((m) => (at ? { query: at.query, active: m && m.query === at.query ? m.active : 0 } : null));
  };
  const pick = (u: UserRef) => {
    const root = ref.current;
    const at = root ? mentionAtCaret(root) : null;
    setMention(null);
    if (!root || !at) return;
    const range = document.createRange();
    range.setStart(at.node, at.start);
    range.setEnd(at.node, at.end);
    range.deleteContents();
    const span = document.createElement('span');
    span.setAttribute('data-mention', String(u.id));
    span.setAttribute('contenteditable', 'false');
    span.textContent = `@${u.fullName}`;
    const space = document.createTextNode('\u00a0');
    range.insertNode(space);
    range.insertNode(span);
    const sel = window.getSelection();
    const after = document.createRange();
    after.setStart(space, 1);
    after.collapse(true);
    sel?.removeAllRanges();
    sel?.addRange(after);
    setEmpty(false);
  };
  const send = () => {
    const h = html();
    const text = ref.current?.textContent?.trim() ?? '';
    if (!text || uploads.busy) return;
    add.mutate(
      { html: h || `<p>${escapeHtml(text)}</p>`, mentions: mentionIds(), fileIds: uploads.done.map((f) => f.id) },
      {
        onSuccess: () => {
          if (ref.current) ref.current.innerHTML = '';
          setEmpty(true);
          setMention(null);
          uploads.reset();
        },
      },
    );
  };
  return (
    <Stack gap={6}>
      <div className={classes.editorBox}>
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
          aria-haspopup="listbox"
          aria-expanded={!!mention}
          data-placeholder={t('timeline.placeholder')}
          onInput={() => {
            setEmpty(!(ref.current?.textContent ?? '').trim());
            refreshMention();
          }}
          onKeyUp={(e) => {
            if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) refreshMention();
          }}
          onBlur={() => setMention(null)}
          onKeyDown={(e) => {
            if (mention) {
              const n = mentionOptions.length;
              if (e.key === 'ArrowDown' && n) {
                e.preventDefault();
                setMention({ ...mention, active: (mention.active + 1) % n });
                return;
              }
              if (e.key === 'ArrowUp' && n) {
                e.preventDefault();
                setMention({ ...mention, active: (mention.active - 1 + n) % n });
                return;
              }
              if ((e.key === 'Enter' || e.key === 'Tab') && n) {
                e.preventDefault();
                pick(mentionOptions[Math.min(mention.active, n - 1)]!);
                return;
              }
              if (e.key === 'Escape') {
                e.preventDefault();
                setMention(null);
                return;
              }
            }
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              send();
            }
          }}
          suppressContentEditableWarning
        />
        {mention ? <MentionMenu users={mentionOptions} loading={people.isFetching} active={mention.active} onPick={pick} onHover={(i) => setMention({ ...mention, active: i })} /> : null}
      </div>
      <UploadChips items={uploads.items} onRemove={uploads.remove} />
      <Group justify="space-between">
        <AttachButton onFiles={uploads.start} />
        <Tooltip label={t('files.waitUploads')} disabled={!uploads.busy}>
          <Button size="xs" onClick={send} loading={add.isPending} disabled={empty || uploads.busy}>
            {t('timeline.send')}
          </Button>
        </Tooltip>
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
                      <>
                        <div className={`${uiClasses.richText} ${classes.commentBody}`} dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(e.html) }} />
                        {e.files?.length ? (
                          <Stack gap={2} mt={4} aria-label={t('files.attach')}>
                            {e.files.map((f) => (
                              <FileLink key={f.id} file={f} />
                            ))}
                          </Stack>
                        ) : null}
                      </>
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
