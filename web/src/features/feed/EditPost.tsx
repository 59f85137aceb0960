import { CloseButton, Group, Stack, Text, TextInput } from '@mantine/core';
import type { FeedPost } from '@vavilon/contracts';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import { CommentEditor, FileLink } from '../../ui/comments';
import { showError, showSuccess } from '../../ui/toasts';
import { usePostWrites } from './api';
import { AudienceField, toAudience, type Chip } from './Audience';
import { useFeedT } from './i18n';
import classes from './feed.module.css';

/** Editing a published post: its title, text, files (kept ones can be taken off) and audience; a newer version on the server is refused. */
export function EditPost({ post, onDone }: { post: FeedPost; onDone: () => void }) {
  const { t } = useFeedT();
  const w = usePostWrites(post.id);
  const [title, setTitle] = useState(post.title ?? '');
  const [kept, setKept] = useState(post.files);
  const [audience, setAudience] = useState<Chip[]>(post.audience);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const thanked = new Set((post.thanks?.users ?? []).map((u) => u.id));
  // The thanked people are always among the readers; they are not chips to take off.
  const chips = audience.filter((c) => !(c.type === 'user' && thanked.has(c.id!)));

  return (
    <Stack gap="sm" className={classes.body} data-testid="feed-edit">
      <TextInput placeholder={t('postTitle')} aria-label={t('postTitle')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={errors.title} />
      <CommentEditor
        toolbar="full"
        autoFocus
        initialHtml={post.html}
        label={t('text')}
        allowEmpty={post.kind === 'poll' || post.kind === 'thanks'}
        submitLabel={t('save')}
        submitting={w.update.isPending}
        onCancel={onDone}
        onSubmit={async (d) => {
          setErrors({});
          try {
            await w.update.mutateAsync({
              version: post.version,
              title,
              html: d.html,
              mentions: d.mentions,
              fileIds: [...kept.map((f) => f.id), ...d.fileIds],
              audience: toAudience(chips),
            });
          } catch (e) {
            if (isApiError(e) && e.fields.length) setErrors(Object.fromEntries(e.fields.map((f) => [f.field.split('.')[0]!, f.message])));
            else showError(e);
            throw e;
          }
          showSuccess(t('saved'));
          onDone();
        }}
      />
      {errors.html || errors.fileIds ? (
        <Text size="xs" c="red">
          {errors.html ?? errors.fileIds}
        </Text>
      ) : null}
      {kept.length ? (
        <Stack gap={2}>
          {kept.map((f) => (
            <Group key={f.id} gap={4} wrap="nowrap">
              <FileLink file={f} />
              <CloseButton size="sm" aria-label={t('removeFile', { name: f.name })} onClick={() => setKept((k) => k.filter((x) => x.id !== f.id))} />
            </Group>
          ))}
        </Stack>
      ) : null}
      <AudienceField value={chips} onChange={setAudience} error={errors.audience} />
    </Stack>
  );
}
