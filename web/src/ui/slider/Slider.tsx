import { Drawer } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';

export interface SliderProps {
  opened: boolean;
  /** The accessible name of the slider (the record's title). */
  label: string;
  /** ✕, Esc or a click beside the slider: the caller asks about unsaved changes and closes. */
  onClose: () => void;
  /** Off while a dialog over the slider takes Esc. */
  closeOnEscape?: boolean;
  children: ReactNode;
}

/** A record's card sliding in from the right over the page it was opened from (the whole width on a phone). */
export function Slider({ opened, label, onClose, closeOnEscape = true, children }: SliderProps) {
  const phone = useMediaQuery('(max-width: 768px)');
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size={phone ? '100%' : 'min(1180px, calc(100vw - 72px))'}
      title={label}
      padding={0}
      zIndex={250}
      closeOnEscape={closeOnEscape}
      styles={{ header: { display: 'none' }, body: { padding: 0, height: '100%' }, content: { background: 'var(--portal-bg, #eef2f4)' } }}
      transitionProps={{ duration: 220, transition: 'slide-left' }}
    >
      {children}
    </Drawer>
  );
}
