import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { queryClient } from './query-client';
import { router } from './routes';
import { theme } from './theme';
import { features } from '../features';
import { AttachSourcesProvider } from '../ui/comments/attach-sources';

const attachSources = features.flatMap((f) => f.attachSources ?? []);

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="bottom-right" limit={4} zIndex={1000} />
      <QueryClientProvider client={queryClient}>
        <AttachSourcesProvider value={attachSources}>
          <RouterProvider router={router} />
        </AttachSourcesProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
