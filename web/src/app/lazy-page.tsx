import { lazy, type ComponentType, type ReactNode } from 'react';

/** A page as its own chunk, loaded when first shown: the shell's first load carries none of them. */
export function page<P extends object>(load: () => Promise<{ default: ComponentType<P> }>, props?: P): ReactNode {
  const Page = lazy(load) as unknown as ComponentType<P>;
  return <Page {...(props ?? ({} as P))} />;
}
