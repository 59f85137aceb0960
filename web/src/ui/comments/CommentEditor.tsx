import '@mantine/tiptap/styles.css';
import { Button, Group, Stack, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { RichTextEditor } from '@mantine/tiptap';
import { useEditor, useEditorState } from '@tiptap/react';
import type { SuggestionProps } from '@tiptap/suggestion';
import { imageFileIds, type FileInfo } from '@vavilon/contracts';
import { useMemo, useRef, useState } from 'react';
import { uploadWithProgress } from '../../api/client';
import { useUserSearch, type PickedUser } from '../fields/UserPicker';
import { useKitT } from '../kit-i18n';
import { showError } from '../toasts';
import { AttachButton, UploadChips, fileUrl, useUploads } from './attachments';
import classes from './comments.module.css';
import { EditorToolbar, editorLabels, type EditorToolbarKind } from './editor/EditorToolbar';
import { editorExtensions, type MentionItem } from './editor/extensions';
import { MentionMenu } from './editor/MentionMenu';
import { sanitizeRichHtml } from './rich-html';

export { COMMENT_ATTRS, COMMENT_TAGS } from './rich-html';

/** What a comment editor sends: sanitized HTML, the ids of mentioned people, the uploaded files (inline images among them). */
export interface CommentDraft {
  html: string;
  mentions: number[];
  fileIds: number[];
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
  /** Files can be attached and images inserted (default true); images need the files' links to be readable by others. */
  withFiles?: boolean;
  /** As a field of a form (a task's description): told every change, no send button, Ctrl+Enter does nothing. */
  onChange?: (html: string, draft: CommentDraft) => void;
  /** `compact` (default) for comments and descriptions, `full` for posts. */
  toolbar?: EditorToolbarKind;
  /** The grey text of the empty box; «Напишите комментарий…» when left out. */
  placeholder?: string;
  /** Sending with no words is allowed (a poll or a thanks carries its own content). */
  allowEmpty?: boolean;
  /** Told every change of the text while it stays a send-form (to keep a draft). */
  onDraftChange?: (html: string) => void;
}

type MentionState = { props: SuggestionProps<MentionItem, MentionItem>; active: number };

/**
 * The one rich text editor (tiptap): marks, lists, links, quotes, code, tables, images uploaded to
 * the portal, @mentions of active employees and attached files; Ctrl+Enter sends.
 */
export function CommentEditor({
  onSubmit,
  submitting,
  initialHtml,
  submitLabel,
  onCancel,
  autoFocus,
  label,
  withFiles = true,
  onChange,
  toolbar = 'compact',
  placeholder,
  allowEmpty = false,
  onDraftChange,
}: CommentEditorProps) {
  const { t } = useKitT();
  const boxRef = useRef<HTMLDivElement>(null);
  const uploads = useUploads();
  const [imagesBusy, setImagesBusy] = useState(0);
  const imageIds = useRef(new Set<number>());
  const [mention, setMention] = useState<MentionState | null>(null);
  const [mentionQuery] = useDebouncedValue(mention?.props.query ?? '', 150);
  const people = useUserSearch(mentionQuery, { enabled: !!mention, limit: 8 });
  const options: PickedUser[] = mention ? people.users : [];
  // The editor's callbacks are made once; they read the current render through this.
  const live = useRef({ mention, options, send: () => false as boolean, onDraftChange });
  live.current.mention = mention;
  live.current.onDraftChange = onDraftChange;
  live.current.options = options;

  const pick = (u: PickedUser) => {
    live.current.mention?.props.command({ id: String(u.id), label: u.fullName });
    setMention(null);
  };

  const extensions = useMemo(
    () =>
      editorExtensions({
        placeholder: placeholder ?? t('comments.placeholder'),
        keys: { submit: () => live.current.send() },
        mentions: {
          onChange: (props) => setMention((m) => (props ? { props, active: m && m.props.query === props.query ? m.active : 0 } : null)),
          onKeyDown: ({ event }) => {
            const m = live.current.mention;
            const list = live.current.options;
            if (!m) return false;
            if (event.key === 'Escape') {
              setMention(null);
              return true;
            }
            const n = list.length;
            if (!n) return false;
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              const step = event.key === 'ArrowDown' ? 1 : -1;
              setMention({ ...m, active: (m.active + step + n) % n });
              return true;
            }
            if (event.key === 'Enter' || event.key === 'Tab') {
              const u = list[Math.min(m.active, n - 1)]!;
              m.props.command({ id: String(u.id), label: u.fullName });
              return true;
            }
            return false;
          },
        },
        uploadImage: withFiles
          ? async (file: File) => {
              setImagesBusy((n) => n + 1);
              try {
                const info = await uploadWithProgress<FileInfo>('/api/files', file).promise;
                imageIds.current.add(info.id);
                return { src: fileUrl(info.id), alt: info.name };
              } finally {
                setImagesBusy((n) => n - 1);
              }
            }
          : undefined,
        onImageError: (file, e) => showError(e instanceof Error ? e : new Error(t('editor.imageFailed', { name: file.name }))),
      }),
    [],
  );

  const draft = (html: string): CommentDraft => {
    const ids = [...(boxRef.current?.querySelectorAll('.ProseMirror span[data-mention]') ?? [])].map((el) => Number(el.getAttribute('data-mention')));
    const inline = imageFileIds(html).filter((id) => imageIds.current.has(id));
    return { html, mentions: [...new Set(ids.filter((n) => Number.isInteger(n) && n > 0))], fileIds: [...new Set([...uploads.done.map((f) => f.id), ...inline])] };
  };

  const editor = useEditor({
    extensions,
    content: initialHtml ? sanitizeRichHtml(initialHtml) : '',
    autofocus: autoFocus ? 'end' : false,
    editorProps: {
      attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-label': label ?? t('comments.comment'), class: classes.editorContent! },
    },
    onUpdate: ({ editor: e }) => {
      if (!onChange && !live.current.onDraftChange) return;
      const html = e.isEmpty ? '' : sanitizeRichHtml(e.getHTML());
      live.current.onDraftChange?.(html);
      onChange?.(html, draft(html));
    },
  });
  const empty = useEditorState({ editor, selector: (s) => !s.editor || !s.editor.getText().trim() }) ?? true;

  const busy = uploads.busy || imagesBusy > 0;
  const send = (): boolean => {
    if (onChange || !editor) return false;
    const text = editor.getText().trim();
    if ((!text && !allowEmpty) || busy || submitting) return true;
    const html = sanitizeRichHtml(editor.getHTML());
    void onSubmit(draft(html)).then(
      () => {
        editor.commands.clearContent(true);
        setMention(null);
        uploads.reset();
        imageIds.current.clear();
      },
      () => undefined,
    );
    return true;
  };
  live.current.send = send;

  const box = boxRef.current?.getBoundingClientRect();
  const caret = mention?.props.clientRect?.();
  const menuAt = box && caret ? { left: Math.max(0, caret.left - box.left), top: caret.bottom - box.top + 4 } : { left: 8, top: 40 };

  return (
    <Stack gap={6}>
      <div
        ref={boxRef}
        className={classes.editorBox}
        data-toolbar={toolbar}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          // The mention menu closed (the editor took the key), or the edit is cancelled: the slider stays.
          if (e.defaultPrevented) e.stopPropagation();
          else if (onCancel) {
            e.stopPropagation();
            onCancel();
          }
        }}
      >
        <RichTextEditor editor={editor} labels={editorLabels(t)} className={classes.editorRoot} onImageUploadError={(file) => showError(new Error(t('editor.imageFailed', { name: file.name })))}>
          {editor ? <EditorToolbar editor={editor} kind={toolbar} images={withFiles} label={t('editor.toolbar')} /> : null}
          <RichTextEditor.Content />
        </RichTextEditor>
        {mention ? <MentionMenu users={options} loading={people.loading} active={mention.active} at={menuAt} onPick={pick} onHover={(i) => setMention({ ...mention, active: i })} /> : null}
      </div>
      <UploadChips items={uploads.items} onRemove={uploads.remove} />
      <Group justify="space-between" style={onChange ? { display: 'none' } : undefined}>
        {withFiles ? <AttachButton onFiles={uploads.start} onPicked={uploads.add} /> : <span />}
        <Group gap="xs">
          {onCancel ? (
            <Button size="xs" variant="default" onClick={onCancel}>
              {t('comments.cancel')}
            </Button>
          ) : null}
          <Tooltip label={t('files.waitUploads')} disabled={!busy}>
            <Button size="xs" onClick={send} loading={submitting} disabled={(empty && !allowEmpty) || busy}>
              {submitLabel ?? t('comments.send')}
            </Button>
          </Tooltip>
        </Group>
      </Group>
    </Stack>
  );
}
