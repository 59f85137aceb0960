import { RichTextEditor, type RichTextEditorLabels } from '@mantine/tiptap';
import type { Editor } from '@tiptap/react';
import { useEditorState } from '@tiptap/react';
import type { TFunction } from 'i18next';

/** Mantine's control names in the kit's words (ru, en). */
export function editorLabels(t: TFunction): Partial<RichTextEditorLabels> {
  return {
    boldControlLabel: t('editor.bold'),
    italicControlLabel: t('editor.italic'),
    underlineControlLabel: t('editor.underline'),
    strikeControlLabel: t('editor.strike'),
    clearFormattingControlLabel: t('editor.clearFormatting'),
    h2ControlLabel: t('editor.h2'),
    h3ControlLabel: t('editor.h3'),
    bulletListControlLabel: t('editor.bulletList'),
    orderedListControlLabel: t('editor.orderedList'),
    linkControlLabel: t('editor.link'),
    unlinkControlLabel: t('editor.unlink'),
    linkEditorInputLabel: t('editor.linkInput'),
    linkEditorInputPlaceholder: t('editor.linkPlaceholder'),
    linkEditorExternalLink: t('editor.linkExternal'),
    linkEditorInternalLink: t('editor.linkInternal'),
    linkEditorSave: t('editor.linkSave'),
    blockquoteControlLabel: t('editor.blockquote'),
    codeControlLabel: t('editor.code'),
    codeBlockControlLabel: t('editor.codeBlock'),
    hrControlLabel: t('editor.hr'),
    undoControlLabel: t('editor.undo'),
    redoControlLabel: t('editor.redo'),
    imageUploadControlLabel: t('editor.image'),
    tableInsertControlLabel: t('editor.table'),
    tableInsertLabel: (columns: number, rows: number) => t('editor.tableSize', { columns, rows }),
    tableDeleteControlLabel: t('editor.tableDelete'),
    tableColumnBeforeControlLabel: t('editor.columnBefore'),
    tableColumnAfterControlLabel: t('editor.columnAfter'),
    tableColumnDeleteControlLabel: t('editor.columnDelete'),
    tableRowBeforeControlLabel: t('editor.rowBefore'),
    tableRowAfterControlLabel: t('editor.rowAfter'),
    tableRowDeleteControlLabel: t('editor.rowDelete'),
    tableToggleHeaderRowControlLabel: t('editor.headerRow'),
  };
}

/** `compact` for comments and descriptions, `full` for posts (headings, tables, code blocks, undo). */
export type EditorToolbarKind = 'compact' | 'full';

const IMAGE_TYPES = 'image/png,image/jpeg,image/gif,image/webp';

/** The toolbar: the same marks everywhere; the full one adds blocks and, inside a table, its rows and columns. */
export function EditorToolbar({ editor, kind, images, label }: { editor: Editor; kind: EditorToolbarKind; images: boolean; label: string }) {
  const inTable = useEditorState({ editor, selector: (s) => s.editor.isActive('table') });
  const full = kind === 'full';
  return (
    <RichTextEditor.Toolbar sticky={full} aria-label={label} role="toolbar">
      <RichTextEditor.ControlsGroup>
        <RichTextEditor.Bold />
        <RichTextEditor.Italic />
        <RichTextEditor.Underline />
        <RichTextEditor.Strikethrough />
        {full ? <RichTextEditor.ClearFormatting /> : null}
      </RichTextEditor.ControlsGroup>
      {full ? (
        <RichTextEditor.ControlsGroup>
          <RichTextEditor.H2 />
          <RichTextEditor.H3 />
        </RichTextEditor.ControlsGroup>
      ) : null}
      <RichTextEditor.ControlsGroup>
        <RichTextEditor.BulletList />
        <RichTextEditor.OrderedList />
        <RichTextEditor.Blockquote />
      </RichTextEditor.ControlsGroup>
      <RichTextEditor.ControlsGroup>
        <RichTextEditor.Link />
        {full ? <RichTextEditor.Unlink /> : null}
        <RichTextEditor.Code />
        {full ? <RichTextEditor.CodeBlock /> : null}
      </RichTextEditor.ControlsGroup>
      <RichTextEditor.ControlsGroup>
        {images ? <RichTextEditor.ImageUpload accept={IMAGE_TYPES} /> : null}
        <RichTextEditor.TableInsert maxColumns={8} maxRows={8} popoverProps={{ zIndex: 450 }} />
        {full ? <RichTextEditor.Hr /> : null}
      </RichTextEditor.ControlsGroup>
      {inTable ? (
        <RichTextEditor.ControlsGroup>
          <RichTextEditor.TableRowBefore />
          <RichTextEditor.TableRowAfter />
          <RichTextEditor.TableRowDelete />
          <RichTextEditor.TableColumnBefore />
          <RichTextEditor.TableColumnAfter />
          <RichTextEditor.TableColumnDelete />
          <RichTextEditor.TableToggleHeaderRow />
          <RichTextEditor.TableDelete />
        </RichTextEditor.ControlsGroup>
      ) : null}
      {full ? (
        <RichTextEditor.ControlsGroup ml="auto">
          <RichTextEditor.Undo />
          <RichTextEditor.Redo />
        </RichTextEditor.ControlsGroup>
      ) : null}
    </RichTextEditor.Toolbar>
  );
}
