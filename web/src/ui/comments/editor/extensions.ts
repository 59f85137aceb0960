import { getUploadImageExtension, Link } from '@mantine/tiptap';
import { Extension, type AnyExtension } from '@tiptap/core';
import Image from '@tiptap/extension-image';
import Mention from '@tiptap/extension-mention';
import { TableKit } from '@tiptap/extension-table';
import { Placeholder } from '@tiptap/extensions';
import StarterKit from '@tiptap/starter-kit';
import type { SuggestionKeyDownProps, SuggestionProps } from '@tiptap/suggestion';
import { isSafeHref } from '@vavilon/contracts';
import { normalizeHref } from '../rich-html';

/** A mention picked from the menu: the user id and the name shown after «@». */
export interface MentionItem {
  id: string;
  label: string;
}

/** How the editor's «@…» reaches React: the menu's state lives in the component, the editor only reports. */
export interface MentionBridge {
  onChange: (props: SuggestionProps<MentionItem, MentionItem> | null) => void;
  onKeyDown: (props: SuggestionKeyDownProps) => boolean;
}

/** A mention as the server reads it (`mentionsIn`): `<span data-mention="7">@Иван Петров</span>`, nothing else. */
const PortalMention = Mention.extend({
  addAttributes() {
    return {
      id: { default: null, parseHTML: (el) => el.getAttribute('data-mention'), renderHTML: () => ({}) },
      label: { default: null, parseHTML: (el) => (el.textContent ?? '').replace(/^@/, ''), renderHTML: () => ({}) },
    };
  },
  parseHTML() {
    return [{ tag: 'span[data-mention]' }];
  },
});

/** Links keep only http(s), mailto and the portal's own addresses; a typed `example.com` becomes https. */
const SafeLink = Link.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      href: { default: null, parseHTML: (el) => el.getAttribute('href'), renderHTML: (a) => ({ href: normalizeHref(String(a.href ?? '')) }) },
    };
  },
}).configure({
  openOnClick: false,
  defaultProtocol: 'https',
  protocols: ['mailto'],
  isAllowedUri: (url) => isSafeHref(normalizeHref(url)),
  shouldAutoLink: (url) => isSafeHref(normalizeHref(url)),
});

export interface EditorKeys {
  /** Ctrl+Enter (⌘+Enter): true when it was taken. */
  submit: () => boolean;
}

export interface ExtensionsOptions {
  placeholder: string;
  mentions: MentionBridge;
  keys: EditorKeys;
  /** Uploads a picked, pasted or dropped image; left out, the text holds no images. */
  uploadImage?: (file: File) => Promise<{ src: string; alt?: string }>;
  onImageError?: (file: File, error: unknown) => void;
}

/** The one editor's extensions: comments, task descriptions and posts share them; the toolbar alone differs. */
export function editorExtensions({ placeholder, mentions, keys, uploadImage, onImageError }: ExtensionsOptions): AnyExtension[] {
  const list: AnyExtension[] = [
    StarterKit.configure({ link: false, heading: { levels: [2, 3] } }),
    SafeLink,
    TableKit.configure({ table: { resizable: false } }),
    Placeholder.configure({ placeholder }),
    PortalMention.configure({
      deleteTriggerWithBackspace: true,
      renderText: ({ node }) => `@${node.attrs.label ?? node.attrs.id}`,
      renderHTML: ({ node }) => ['span', { 'data-mention': String(node.attrs.id) }, `@${node.attrs.label ?? node.attrs.id}`],
      suggestion: {
        char: '@',
        items: () => [],
        render: () => ({
          onStart: (p) => mentions.onChange(p),
          onUpdate: (p) => mentions.onChange(p),
          onExit: () => mentions.onChange(null),
          onKeyDown: (p) => mentions.onKeyDown(p),
        }),
      },
    }),
    Extension.create({
      name: 'portalKeys',
      addKeyboardShortcuts: () => ({ 'Mod-Enter': () => keys.submit() }),
    }),
  ];
  if (uploadImage) {
    list.push(
      getUploadImageExtension(Image.configure({ inline: true, allowBase64: false }), {
        onImageUpload: uploadImage,
        onImageUploadError: onImageError,
      }),
    );
  }
  return list;
}
