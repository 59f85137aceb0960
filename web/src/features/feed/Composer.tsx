import { ActionIcon, Button, Card, Checkbox, Group, SegmentedControl, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { FeedPostInput, FeedPostKind, ThanksBadge } from '@vavilon/contracts';
import { useEffect, useState } from 'react';
import { isApiError } from '../../api/client';
import { UsersPicker, type PickedUser } from '../../ui/fields/UserPicker';
import { CommentEditor, type CommentDraft } from '../../ui/comments';
import { showError, showSuccess } from '../../ui/toasts';
import { useCreatePost } from './api';
import { AudienceField, EVERYONE, toAudience, type Chip } from './Audience';
import { BADGE_EMOJI, useFeedT } from './i18n';
import classes from './feed.module.css';

const DRAFT_KEY = 'feed.draft';
const BADGES: ThanksBadge[] = ['thanks', 'heart', 'cup', 'star', 'rocket', 'flower'];

interface Draft {
  kind: FeedPostKind;
  title: string;
  html: string;
  audience: Chip[];
  question: string;
  options: string[];
  multiple: boolean;
  anonymous: boolean;
  thanked: PickedUser[];
  badge: ThanksBadge;
}

function loadDraft(key: string, audience: Chip[]): Draft {
  const empty: Draft = { kind: 'message', title: '', html: '', audience, question: '', options: ['', ''], multiple: false, anonymous: false, thanked: [], badge: 'thanks' };
  try {
    const raw = localStorage.getItem(key);
    return raw ? { ...empty, ...(JSON.parse(raw) as Partial<Draft>) } : empty;
  } catch {
    return empty;
  }
}

/**
 * «Написать сообщение»: a collapsed box that opens the editor with the kinds, the audience and a kept draft.
 * `audience` is where a new post goes unless changed (everyone; a group's own feed, that group), with a draft of its own.
 */
export function Composer({ open, onOpen, onClose, audience }: { open: boolean; onOpen: () => void; onClose: () => void; audience?: Chip[] }) {
  const { t } = useFeedT();
  const draftKey = audience?.[0]?.type === 'group' ? `${DRAFT_KEY}.group.${audience[0].id}` : DRAFT_KEY;
  const initial = () => loadDraft(draftKey, audience ?? [EVERYONE(t('everyone'))]);
  const [d, setD] = useState<Draft>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [editorKey, setEditorKey] = useState(0);
  const create = useCreatePost();
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));

  useEffect(() => {
    localStorage.setItem(draftKey, JSON.stringify(d));
  }, [d, draftKey]);

  if (!open)
    return (
      <Card className={classes.composerCollapsed}>
        <UnstyledButton onClick={onOpen} className={classes.composerButton} data-testid="feed-compose">
          <IconPencil size={18} />
          <Text c="dimmed">{t('write')}</Text>
        </UnstyledButton>
      </Card>
    );

  const submit = async (draft: CommentDraft) => {
    setErrors({});
    const body: FeedPostInput = {
      kind: d.kind,
      ...(d.title.trim() ? { title: d.title.trim() } : {}),
      html: draft.html,
      mentions: draft.mentions,
      fileIds: draft.fileIds,
      audience: toAudience(d.audience),
      ...(d.kind === 'poll' ? { poll: { question: d.question, options: d.options.map((o) => o.trim()).filter(Boolean), multiple: d.multiple, anonymous: d.anonymous } } : {}),
      ...(d.kind === 'thanks' ? { thanks: { userIds: d.thanked.map((u) => u.id), badge: d.badge } } : {}),
    };
    try {
      await create.mutateAsync(body);
    } catch (e) {
      if (isApiError(e) && e.fields.length) setErrors(Object.fromEntries(e.fields.map((f) => [f.field.split('.').slice(0, 2).join('.'), f.message])));
      else showError(e);
      throw e;
    }
    showSuccess(t('published'));
    localStorage.removeItem(draftKey);
    setD(initial());
    setEditorKey((k) => k + 1);
    onClose();
  };

  const err = (prefix: string) => Object.entries(errors).find(([k]) => k === prefix || k.startsWith(prefix + '.'))?.[1];

  return (
    <Card className={classes.composer} data-testid="feed-composer">
      <Stack gap="sm">
        <SegmentedControl
          value={d.kind}
          onChange={(v) => set({ kind: v as FeedPostKind })}
          data={(['message', 'important', 'poll', 'thanks'] as const).map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          fullWidth
        />
        <TextInput placeholder={t('postTitle')} aria-label={t('postTitle')} value={d.title} onChange={(e) => set({ title: e.currentTarget.value })} error={err('title')} />
        {d.kind === 'thanks' ? (
          <Stack gap={6}>
            <UsersPicker label={t('thanked')} value={d.thanked} onChange={(thanked) => set({ thanked })} error={err('thanks')} />
            <Text size="sm" fw={500}>
              {t('badge')}
            </Text>
            <Group gap={6} role="radiogroup" aria-label={t('badge')}>
              {BADGES.map((b) => (
                <UnstyledButton
                  key={b}
                  role="radio"
                  aria-checked={d.badge === b}
                  aria-label={t(`badges.${b}`)}
                  title={t(`badges.${b}`)}
                  className={classes.badgeChoice}
                  data-active={d.badge === b || undefined}
                  onClick={() => set({ badge: b })}
                >
                  <span aria-hidden>{BADGE_EMOJI[b]}</span>
                </UnstyledButton>
              ))}
            </Group>
          </Stack>
        ) : null}
        {d.kind === 'poll' ? (
          <Stack gap={6}>
            <TextInput label={t('question')} value={d.question} onChange={(e) => set({ question: e.currentTarget.value })} error={err('poll.question') ?? (errors.poll as string | undefined)} />
            {d.options.map((o, i) => (
              <Group key={i} gap={6} wrap="nowrap">
                <TextInput
                  style={{ flex: 1 }}
                  placeholder={t('option', { n: i + 1 })}
                  aria-label={t('option', { n: i + 1 })}
                  value={o}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    set({ options: d.options.map((x, j) => (j === i ? v : x)) });
                  }}
                />
                <ActionIcon variant="subtle" color="gray" aria-label={t('removeOption')} disabled={d.options.length <= 2} onClick={() => set({ options: d.options.filter((_, j) => j !== i) })}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
            {err('poll.options') ? (
              <Text size="xs" c="red">
                {err('poll.options')}
              </Text>
            ) : null}
            <Group justify="space-between">
              <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={() => set({ options: [...d.options, ''] })} disabled={d.options.length >= 20}>
                {t('addOption')}
              </Button>
              <Group gap="md">
                <Checkbox label={t('multiple')} checked={d.multiple} onChange={(e) => set({ multiple: e.currentTarget.checked })} />
                <Checkbox label={t('anonymous')} checked={d.anonymous} onChange={(e) => set({ anonymous: e.currentTarget.checked })} />
              </Group>
            </Group>
          </Stack>
        ) : null}
        <div>
          <CommentEditor
            key={editorKey}
            toolbar="full"
            autoFocus
            label={t('text')}
            placeholder={t('textPlaceholder')}
            initialHtml={d.html || undefined}
            onDraftChange={(html) => set({ html })}
            allowEmpty={d.kind === 'poll' || d.kind === 'thanks'}
            submitLabel={t('publish')}
            submitting={create.isPending}
            onCancel={onClose}
            onSubmit={submit}
          />
          {err('html') || err('fileIds') || err('mentions') ? (
            <Text size="xs" c="red" mt={4}>
              {err('html') ?? err('fileIds') ?? err('mentions')}
            </Text>
          ) : null}
        </div>
        <AudienceField value={d.audience} onChange={(audience) => set({ audience })} error={err('audience')} />
      </Stack>
    </Card>
  );
}
