import { MantineProvider } from '@mantine/core';
import type { i18n as I18n } from 'i18next';
import { I18nextProvider } from 'react-i18next';
import { Root } from './Root';
import { cssVariablesResolver, theme } from './theme';

export interface AppProps {
  i18n: I18n;
}

/** The providers every page needs; main.tsx and the component tests build the same tree. */
export function App({ i18n }: AppProps) {
  return (
    <I18nextProvider i18n={i18n}>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
        <Root />
      </MantineProvider>
    </I18nextProvider>
  );
}
