import { Button, Center, type MantineSpacing } from '@mantine/core';
import type { ReactNode } from 'react';

/** What a paged list gives the button: react-query's infinite query. */
interface Pages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** «Показать ещё» under a paged list: shown while there is a next page, busy while it loads. */
export function LoadMore({ list, children, mt = 'md', p }: { list: Pages; children: ReactNode; mt?: MantineSpacing; p?: MantineSpacing }) {
  if (!list.hasNextPage) return null;
  return (
    <Center mt={mt} p={p}>
      <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
        {children}
      </Button>
    </Center>
  );
}
