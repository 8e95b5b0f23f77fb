import './app/styles';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { loadSignedInApp } from './app/loadSignedInApp';
import { isPublicPath } from './app/navigation';
import { createI18n } from './i18n';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html must contain <div id="root">');

// Signed-in pages need the app chunk: start fetching it now, in parallel with the first render.
if (!isPublicPath(window.location.pathname)) void loadSignedInApp();

createRoot(rootElement).render(
  <StrictMode>
    <App i18n={createI18n()} />
  </StrictMode>,
);
