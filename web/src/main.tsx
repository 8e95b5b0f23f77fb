import './app/styles';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, createQueryClient } from './app/App';
import { createAppRouter } from './app/router';
import { createI18n } from './i18n';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html must contain <div id="root">');

createRoot(rootElement).render(
  <StrictMode>
    <App router={createAppRouter()} i18n={createI18n()} queryClient={createQueryClient()} />
  </StrictMode>,
);
