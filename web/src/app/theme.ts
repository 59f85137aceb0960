import { createTheme, type MantineColorsTuple } from '@mantine/core';

/** A clear blue close to Bitrix24's, so the portal feels familiar. */
const brand: MantineColorsTuple = ['#e6f4ff', '#cfe5ff', '#9ec8fb', '#69a9f6', '#3d8ef2', '#217ef0', '#0d75f0', '#0063d6', '#0058c1', '#004bab'];

export const theme = createTheme({
  primaryColor: 'brand',
  colors: { brand },
  primaryShade: 6,
  defaultRadius: 'md',
  fontFamily: 'Inter, "Segoe UI", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '600' },
  shadows: {
    xs: '0 1px 2px rgba(20, 45, 80, 0.05), 0 2px 10px rgba(20, 45, 80, 0.05)',
    sm: '0 1px 3px rgba(20, 45, 80, 0.07), 0 6px 16px rgba(20, 45, 80, 0.06)',
    md: '0 4px 12px rgba(20, 45, 80, 0.08), 0 12px 32px rgba(20, 45, 80, 0.08)',
  },
  components: {
    Card: { defaultProps: { radius: 'md', padding: 'lg', shadow: 'xs' } },
    Paper: { defaultProps: { radius: 'md' } },
    Modal: { defaultProps: { radius: 'md', centered: true, overlayProps: { backgroundOpacity: 0.35, blur: 1 } } },
    Tooltip: { defaultProps: { openDelay: 300 } },
  },
});
