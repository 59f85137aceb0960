import { Alert, Skeleton, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { LoginResponse, PortalRef } from '@vavilon/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useDocumentTitle } from '../../ui/use-document-title';
import { useMeQuery, usePortalInfo } from './api';
import { enterPortal, safeNext } from './after-sign-in';
import { AuthLayout } from './AuthLayout';
import { PortalList } from './PortalList';
import { OperatorLink } from '../operator/OperatorLink';
import { SignInForm } from './SignInForm';

/** The sign-in page of a portal (also shown at / before sign-in). */
export default function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const info = usePortalInfo();
  const me = useMeQuery(true);
  const [portals, setPortals] = useState<PortalRef[] | null>(null);
  const next = safeNext(params.get('next'));
  // The external identity provider's way back ends here with ?error=… when it did not work out.
  const oidcError = params.get('error');
  const oidcMessage = oidcError === 'oidc_not_registered' ? t('auth.oidcNotRegistered') : oidcError === 'oidc_failed' ? t('auth.oidcFailed') : null;
  const title = info.data?.portal?.title ?? (info.isPending ? '' : t('auth.passportTitle'));

  useDocumentTitle(t('auth.signInTitle'), title || t('app.title'));

  // Someone already signed in who opens /login goes straight on.
  useEffect(() => {
    if (me.data && window.location.pathname.endsWith('/login')) navigate(next, { replace: true });
  }, [me.data, navigate, next]);

  const onSignedIn = async (res: LoginResponse) => {
    if (!res.user) {
      setPortals(res.portals);
      return;
    }
    await enterPortal(queryClient, res);
    navigate(next, { replace: true });
  };

  return (
    <AuthLayout title={title || <Skeleton h={24} w={160} />}>
      {info.isPending ? (
        <Stack gap="md">
          <Skeleton h={20} w="50%" />
          <Skeleton h={42} />
          <Skeleton h={42} />
        </Stack>
      ) : portals ? (
        <Stack gap="md">
          <PortalList portals={portals} />
          <OperatorLink />
        </Stack>
      ) : (
        <Stack gap="md">
          {oidcMessage ? (
            <Alert color="red" variant="light" role="alert">
              {oidcMessage}
            </Alert>
          ) : null}
          <SignInForm info={info.data} onSignedIn={onSignedIn} />
        </Stack>
      )}
    </AuthLayout>
  );
}
