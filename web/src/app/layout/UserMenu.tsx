import { Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { IconCheck, IconChevronDown, IconLogout, IconMailForward, IconUser } from '@tabler/icons-react';
import type { Me } from '@vavilon/contracts';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { appHref } from '../../api/portal';
import { logout, meKey } from '../../features/auth/api';
import { can, useSession } from '../../features/auth/session';
import { switchLanguage, type Language } from '../../i18n';
import { showError } from '../../ui/toasts';
import { UserAvatar } from '../../ui/UserAvatar';
import classes from './layout.module.css';

/** The user's photo and name in the top bar: «Профиль», language, «Выйти». */
export function UserMenu() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const qc = useQueryClient();

  const changeLanguage = async (language: Language) => {
    if (language === i18n.language) return;
    try {
      await api.put('/api/me/language', { language });
    } catch (e) {
      showError(e);
      return;
    }
    await switchLanguage(language);
    qc.setQueryData<Me>(meKey, (old) => (old ? { ...old, user: { ...old.user, language } } : old));
    // Menu titles, help and server messages come in the user's language.
    await qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
  };

  const signOut = async () => {
    try {
      await logout();
    } catch {
      /* the session may already be gone */
    }
    window.location.assign(appHref('/login'));
  };

  return (
    <Menu position="bottom-end" width={230} shadow="lg" radius="md" offset={8} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={`${t('user.menu')}: ${me.user.fullName}`} px={6} py={4} style={{ borderRadius: 24 }}>
          <Group gap={8} wrap="nowrap">
            <UserAvatar user={me.user} size={34} />
            <Text size="sm" fw={500} maw={160} truncate visibleFrom="md">
              {me.user.fullName}
            </Text>
            <IconChevronDown size={14} color="var(--mantine-color-gray-6)" className={classes.hideOnPhone} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{me.user.fullName}</Menu.Label>
        <Menu.Item leftSection={<IconUser size={16} />} onClick={() => navigate(`/company/personal/user/${me.user.id}`)}>
          {t('user.profile')}
        </Menu.Item>
        {can(me, 'settings.mail-outbox') ? (
          <Menu.Item leftSection={<IconMailForward size={16} />} onClick={() => navigate('/settings/mail-outbox')}>
            {t('outbox.title')}
          </Menu.Item>
        ) : null}
        <Menu.Divider />
        <Menu.Label>{t('user.language')}</Menu.Label>
        <Menu.Item leftSection={i18n.language === 'ru' ? <IconCheck size={16} /> : <span style={{ width: 16 }} />} onClick={() => void changeLanguage('ru')} lang="ru">
          Русский
        </Menu.Item>
        <Menu.Item leftSection={i18n.language === 'en' ? <IconCheck size={16} /> : <span style={{ width: 16 }} />} onClick={() => void changeLanguage('en')} lang="en">
          English
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} />} color="red" onClick={() => void signOut()}>
          {t('user.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
