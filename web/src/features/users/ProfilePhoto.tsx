import { ActionIcon, FileButton, Tooltip } from '@mantine/core';
import { IconCamera } from '@tabler/icons-react';
import type { UserProfile } from '@vavilon/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServerForm } from '../../ui/form-kit';
import { showSuccess } from '../../ui/toasts';
import { UserAvatar } from '../../ui/UserAvatar';
import { useUploadPhoto } from './api';
import { PhotoCropDialog } from './PhotoCropDialog';
import classes from './users.module.css';

/** The profile's photo; its owner (or an administrator) picks a picture, frames it and saves. */
export function ProfilePhoto({ profile, size = 96 }: { profile: UserProfile; size?: number }) {
  const { t } = useTranslation();
  const upload = useUploadPhoto(profile.id);
  const form = useServerForm();
  const [file, setFile] = useState<File | null>(null);

  const close = () => {
    setFile(null);
    form.clear();
  };
  const save = (photo: File) =>
    upload.mutate(photo, {
      onSuccess: () => {
        showSuccess(t('profile.photo.saved'));
        close();
      },
      onError: (e) => form.fromError(e),
    });

  return (
    <div className={classes.profileAvatarWrap}>
      <UserAvatar user={profile} size={size} />
      {profile.abilities.edit ? (
        <>
          <FileButton onChange={(f) => (form.clear(), setFile(f))} accept="image/png,image/jpeg,image/webp">
            {(props) => (
              <Tooltip label={t('profile.photo.change')} withArrow>
                <ActionIcon {...props} className={classes.avatarEdit} radius="xl" size={30} variant="white" color="dark" aria-label={t('profile.photo.change')}>
                  <IconCamera size={17} />
                </ActionIcon>
              </Tooltip>
            )}
          </FileButton>
          <PhotoCropDialog file={file} saving={upload.isPending} error={form.general} onSave={save} onClose={close} />
        </>
      ) : null}
    </div>
  );
}
