import { ActionIcon, Button, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBold, IconItalic, IconList } from '@tabler/icons-react';
import DOMPurify from 'dompurify';
import { useEffect, useRef, useState } from 'react';
import { useUserSearch, type PickedUser } from '../fields/UserPicker';
import { UserAvatar } from '../UserAvatar';
import { useKitT } from '../kit-i18n';
import { AttachButton, UploadChips, useUploads } from './attachments';
import classes from './comments.module.css';

/** What a comment editor sends: sanitized HTML paragraphs, the ids of mentioned people, the uploaded files. */
export interface CommentDraft {
  html: string;
  mentions: number[];
  fileIds: number[];
}

/** The tags a comment may hold; mentions are `<span data-mention="<user id>">@Name</span>`. */
export const COMMENT_TAGS = ['p', 'b', 'strong', 'i', 'em', 'ul', 'ol', 'li', 'br', 'a', 'span'];
export const COMMENT_ATTRS = ['href', 'data-mention'];

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

const avatarUser = (u: PickedUser) => {
  const [firstName = '', lastName = ''] = u.fullName.split(/\s+/);
  return { ...u, firstName, lastName };
};

/** The employees matching a typed «@…», at most eight. */
function MentionMenu({ users, loading, active, onPick, onHover }: { users: PickedUser[]; loading: boolean; active: number; onPick: (u: PickedUser) => void; onHover: (i: number) => void }) {
  const { t } = useKitT();
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
            <UserAvatar user={avatarUser(u)} size={22} />
            <span>{u.fullName}</span>
          </button>
        ))
      )}
    </Paper>
  );
}

export interface CommentEditorProps {
  /** Sends the comment; the editor empties itself once the promise resolves. */
  onSubmit: (comment: CommentDraft) => Promise<unknown>;
  submitting?: boolean;
  /** Editing an existing comment: its HTML (its files stay; new ones can be added). */
  initialHtml?: string;
  submitLabel?: string;
  /** Shows «Отменить» beside the send button (editing a comment). */
  onCancel?: () => void;
  autoFocus?: boolean;
  /** Accessible name of the text box; «Комментарий» when left out. */
  label?: string;
  /** Files can be attached (default true). */
  withFiles?: boolean;
  /** As a field of a form (a task's description): told every change, no send button, Ctrl+Enter does nothing. */
  onChange?: (html: string) => void;
}

/**
 * The comment box: a small rich text (bold, italic, list; Ctrl+Enter sends), @mentions of active
 * employees (searched as one types, picked with arrows and Enter) and attached files with progress.
 */
export function CommentEditor({ onSubmit, submitting, initialHtml, submitLabel, onCancel, autoFocus, label, withFiles = true, onChange }: CommentEditorProps) {
  const { t } = useKitT();
  const ref = useRef<HTMLDivElement>(null);
  const [empty, setEmpty] = useState(!initialHtml);
  const [mention, setMention] = useState<{ query: string; active: number } | null>(null);
  const uploads = useUploads();
  const [mentionQuery] = useDebouncedValue(mention?.query ?? '', 150);
  const people = useUserSearch(mentionQuery, { enabled: !!mention, limit: 8 });
  const mentionOptions: PickedUser[] = mention ? people.users : [];

  useEffect(() => {
    if (!ref.current || initialHtml === undefined) return;
    ref.current.innerHTML = DOMPurify.sanitize(initialHtml, { ALLOWED_TAGS: COMMENT_TAGS, ALLOWED_ATTR: COMMENT_ATTRS });
    ref.current.querySelectorAll('span[data-mention]').forEach((s) => s.setAttribute('contenteditable', 'false'));
    setEmpty(!(ref.current.textContent ?? '').trim());
    if (autoFocus) ref.current.focus();
  }, []);

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
    const body = hasBlocks
      ? raw.replace(/<div>/gi, '<p>').replace(/<\/div>/gi, '</p>')
      : raw
          .split(/<br\s*\/?>/i)
          .filter((l) => l.trim())
          .map((l) => `<p>${l}</p>`)
          .join('');
    return DOMPurify.sanitize(body, { ALLOWED_TAGS: COMMENT_TAGS, ALLOWED_ATTR: COMMENT_ATTRS });
  };
  const mentionIds = (): number[] => {
    const ids = [...(ref.current?.querySelectorAll('span[data-mention]') ?? [])].map((el) => Number(el.getAttribute('data-mention')));
    return [...new Set(ids.filter((n) => Number.isInteger(n) && n > 0))];
  };
  const refreshMention = () => {
    const at = ref.current ? mentionAtCaret(ref.current) : null;
    setMention((m) => (at ? { query: at.query, active: m && m.query === at.query ? m.active : 0 } : null));
  };
  const pick = (u: PickedUser) => {
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
    if (!text || uploads.busy || submitting) return;
    void onSubmit({ html: h || `<p>${escapeHtml(text)}</p>`, mentions: mentionIds(), fileIds: uploads.done.map((f) => f.id) }).then(
      () => {
        if (ref.current) ref.current.innerHTML = '';
        setEmpty(true);
        setMention(null);
        uploads.reset();
      },
      () => undefined,
    );
  };
  const tool = (name: 'bold' | 'italic' | 'list', cmd: string, icon: React.ReactNode) => (
    <Tooltip label={t(`comments.${name}`)}>
      <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t(`comments.${name}`)} onMouseDown={(e) => e.preventDefault()} onClick={() => exec(cmd)}>
        {icon}
      </ActionIcon>
    </Tooltip>
  );
  return (
    <Stack gap={6}>
      <div className={classes.editorBox}>
        <div className={classes.editorTools}>
          {tool('bold', 'bold', <IconBold size={15} />)}
          {tool('italic', 'italic', <IconItalic size={15} />)}
          {tool('list', 'insertUnorderedList', <IconList size={15} />)}
        </div>
        <div
          ref={ref}
          className={classes.editor}
          contentEditable
          role="textbox"
          aria-multiline="true"
          aria-label={label ?? t('comments.comment')}
          aria-haspopup="listbox"
          aria-expanded={!!mention}
          data-placeholder={t('comments.placeholder')}
          onInput={() => {
            setEmpty(!(ref.current?.textContent ?? '').trim());
            refreshMention();
            onChange?.(html());
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
                e.stopPropagation();
                setMention(null);
                return;
              }
            }
            if (e.key === 'Escape' && onCancel) {
              e.stopPropagation();
              onCancel();
              return;
            }
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !onChange) {
              e.preventDefault();
              send();
            }
          }}
          suppressContentEditableWarning
        />
        {mention ? <MentionMenu users={mentionOptions} loading={people.loading} active={mention.active} onPick={pick} onHover={(i) => setMention({ ...mention, active: i })} /> : null}
      </div>
      <UploadChips items={uploads.items} onRemove={uploads.remove} />
      <Group justify="space-between" style={onChange ? { display: 'none' } : undefined}>
        {withFiles ? <AttachButton onFiles={uploads.start} /> : <span />}
        <Group gap="xs">
          {onCancel ? (
            <Button size="xs" variant="default" onClick={onCancel}>
              {t('comments.cancel')}
            </Button>
          ) : null}
          <Tooltip label={t('files.waitUploads')} disabled={!uploads.busy}>
            <Button size="xs" onClick={send} loading={submitting} disabled={empty || uploads.busy}>
              {submitLabel ?? t('comments.send')}
            </Button>
          </Tooltip>
        </Group>
      </Group>
    </Stack>
  );
}
