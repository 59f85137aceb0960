import { Anchor, Skeleton, Stack } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { LoginResponse, PortalRef } from '@vavilon/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../ui/use-document-title';
import { OperatorLink } from '../operator/OperatorLink';
import { fetchPassportPortals, logout } from './api';
import { AuthLayout } from './AuthLayout';
import { PortalList } from './PortalList';
import { SignInForm } from './SignInForm';

/** The central address: credentials only, then the list of the account's portals. */
export default function PassportPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [portals, setPortals] = useState<PortalRef[] | null>(null);
  // Already signed in at the central address: the list straight away.
  const existing = useQuery({
    queryKey: ['passport-portals'],
    queryFn: fetchPassportPortals,
    meta: { silent: true },
    staleTime: 0,
  });
  useDocumentTitle(t('auth.passportTitle'), t('app.title'));

  const onSignedIn = (res: LoginResponse) => {
    setPortals(res.portals);
  };
  const list = portals ?? existing.data?.portals ?? null;

  return (
    <AuthLayout title={t('auth.passportTitle')}>
      {existing.isPending && !portals ? (
        <Stack gap="md">
          <Skeleton h={20} w="50%" />
          <Skeleton h={42} />
          <Skeleton h={42} />
        </Stack>
      ) : list ? (
        <Stack gap="md">
          <PortalList portals={list} />
          <OperatorLink />
          <Anchor
            component="button"
            type="button"
            size="sm"
            ta="center"
            onClick={async () => {
              await logout().catch(() => undefined);
              setPortals(null);
              queryClient.removeQueries({ queryKey: ['operator'] });
              queryClient.setQueryData(['passport-portals'], null);
              await queryClient.resetQueries({ queryKey: ['passport-portals'] });
            }}
          >
            {t('user.logout')}
          </Anchor>
        </Stack>
      ) : (
        <SignInForm info={{ portal: null, oidc: [] }} onSignedIn={onSignedIn} />
      )}
    </AuthLayout>
  );
}
