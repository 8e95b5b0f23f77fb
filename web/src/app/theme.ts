import { type CSSVariablesResolver, createTheme, type MantineColorsTuple } from '@mantine/core';

/**
 * A calm deep teal: serious without being alarming, for people who work with distressing material.
 * Shades 7–9 keep ≥ 4.5:1 contrast with white (WCAG AA for body text).
 */
const karpear: MantineColorsTuple = [
  '#e7f5f7',
  '#cfe8ec',
  '#a0d0d9',
  '#6cb6c4',
  '#44a0b2',
  '#2a91a6',
  '#1a7f94',
  '#0d6c80',
  '#005d70',
  '#004b5b',
];

// Khmer first so Khmer text shapes with a font that has the glyphs; the rest covers Latin everywhere.
const fontFamily =
  "'Noto Sans Khmer', system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

export const theme = createTheme({
  colors: { karpear },
  primaryColor: 'karpear',
  primaryShade: { light: 8, dark: 4 },
  fontFamily,
  headings: { fontFamily, fontWeight: '700' },
  // Khmer has stacked subscripts and vowels above and below; tight line heights clip them.
  lineHeights: { xs: '1.6', sm: '1.65', md: '1.7', lg: '1.7', xl: '1.7' },
  defaultRadius: 'md',
  focusRing: 'auto',
  cursorType: 'pointer',
});

/** Mantine's default dimmed and error greys/reds fall below 4.5:1 on white; darken them. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-8)',
  },
  dark: {},
});
