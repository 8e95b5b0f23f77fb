import { Alert } from '@mantine/core';

/**
 * An always-present live region: when `message` appears it is announced at once (errors), or politely
 * (`tone="info"`). Mounting the region before the text is what makes screen readers announce it.
 */
export function LiveAlert({ message, tone = 'error' }: { message: string | null; tone?: 'error' | 'info' }) {
  return (
    <div aria-live={tone === 'error' ? 'assertive' : 'polite'} aria-atomic="true">
      {message && (
        <Alert role="none" color={tone === 'error' ? 'red' : 'karpear'} variant="light">
          {message}
        </Alert>
      )}
    </div>
  );
}
