import { ActionIcon, Group, Stack, Tooltip } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import type { FileInfo } from '@vavilon/contracts';
import { imageFileIds } from '@vavilon/contracts';
import { useState, type ReactNode } from 'react';
import { useKitT } from '../kit-i18n';
import { FileLink } from './attachments';
import { CommentEditor, type CommentDraft } from './CommentEditor';
import { RichTextView } from './RichTextView';

export interface CommentViewProps {
  /** The line above the text (author, time); the author's buttons go at its right. */
  header?: ReactNode;
  html: string;
  files?: FileInfo[];
  /** The author (or an administrator) sees «Изменить» and «Удалить». */
  canManage?: boolean;
  /** Saves the edited text; the comment keeps its files and gets the newly attached ones. */
  onEdit?: (comment: CommentDraft) => Promise<unknown>;
  /** Deletes the comment; the caller asks for confirmation if it wants one. */
  onDelete?: () => void;
  saving?: boolean;
}

/** A comment's text (sanitized; mentions highlighted) and its files, with edit and delete for its author. */
export function CommentView({ header, html, files, canManage, onEdit, onDelete, saving }: CommentViewProps) {
  const { t } = useKitT();
  const [editing, setEditing] = useState(false);
  // Images shown in the text are not listed again as attachments.
  const inline = new Set(imageFileIds(html));
  const attached = (files ?? []).filter((f) => !inline.has(f.id));
  if (editing && onEdit) {
    return (
      <>
        {header}
        <CommentEditor
          initialHtml={html}
          autoFocus
          label={t('comments.edit')}
          submitLabel={t('comments.save')}
          submitting={saving}
          onCancel={() => setEditing(false)}
          onSubmit={async (c) => {
            await onEdit(c);
            setEditing(false);
          }}
        />
      </>
    );
  }
  return (
    <div>
      <Group justify="space-between" wrap="nowrap" gap={4}>
        {header}
        {canManage && (onEdit || onDelete) ? (
          <Group gap={2} wrap="nowrap">
            {onEdit ? (
              <Tooltip label={t('comments.edit')}>
                <ActionIcon size="sm" variant="subtle" color="gray" aria-label={t('comments.edit')} onClick={() => setEditing(true)}>
                  <IconPencil size={14} />
                </ActionIcon>
              </Tooltip>
            ) : null}
            {onDelete ? (
              <Tooltip label={t('comments.delete')}>
                <ActionIcon size="sm" variant="subtle" color="gray" aria-label={t('comments.delete')} onClick={onDelete}>
                  <IconTrash size={14} />
                </ActionIcon>
              </Tooltip>
            ) : null}
          </Group>
        ) : null}
      </Group>
      <RichTextView html={html} />
      {attached.length ? (
        <Stack gap={2} mt={4} aria-label={t('comments.files')}>
          {attached.map((f) => (
            <FileLink key={f.id} file={f} />
          ))}
        </Stack>
      ) : null}
    </div>
  );
}
