import { useEffect } from 'react';

/** Each page names itself in the tab and for screen readers announcing the navigation (WCAG 2.4.2). */
export function useDocumentTitle(pageTitle: string): void {
  useEffect(() => {
    document.title = `${pageTitle} · Karpear`;
  }, [pageTitle]);
}
