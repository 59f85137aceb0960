import { Box, Group, Skeleton, Stack } from '@mantine/core';
import { lazy, Suspense, useEffect } from 'react';
import { Navigate, useLocation } from 'react-router';
import { isApiError } from '../api/client';
import { useMeQuery } from '../features/auth/api';
import { switchLanguage } from '../i18n';
import { ErrorState } from '../ui/ErrorState';
import { AppLayout } from './layout/AppLayout';

const LoginPage = lazy(() => import('../features/auth/LoginPage'));

/** The frame's outline while the session loads: never a blank page. */
export function ShellSkeleton() {
  return (
    <Box aria-busy="true">
      <Box pos="fixed" top={0} left={0} bottom={0} w={64} bg="#1b2a3d" />
      <Box ml={64}>
        <Group h={56} px={20} bg="white" justify="space-between" style={{ borderBottom: '1px solid #e1e7ec' }}>
          <Skeleton h={24} w={140} />
          <Skeleton h={34} w="40%" radius="xl" />
          <Group gap="sm">
            <Skeleton h={34} w={34} circle />
            <Skeleton h={34} w={120} radius="xl" />
            <Skeleton h={34} w={96} radius="xl" />
          </Group>
        </Group>
        <Stack p={24} gap="md">
          <Skeleton h={28} w={240} />
          <Skeleton h={320} radius="md" />
        </Stack>
      </Box>
    </Box>
  );
}

/** Signed in: the shell. Not signed in: the sign-in page (in place at /, by redirect elsewhere). */
export function AuthGate() {
  const me = useMeQuery();
  const location = useLocation();

  useEffect(() => {
    if (me.data) void switchLanguage(me.data.user.language);
  }, [me.data]);

  if (me.isPending) return <ShellSkeleton />;
  if (me.isError) {
    const signedOut = isApiError(me.error) && me.error.status >= 400 && me.error.status < 500;
    if (!signedOut) {
      return (
        <Box pt={80}>
          <ErrorState error={me.error} onRetry={() => void me.refetch()} />
        </Box>
      );
    }
    if (location.pathname === '/') {
      return (
        <Suspense fallback={<ShellSkeleton />}>
          <LoginPage />
        </Suspense>
      );
    }
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <AppLayout />;
}
