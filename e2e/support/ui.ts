import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Picks an option of a Mantine Select (in `scope`, e.g. a dialog) by the field's label and the option's text. */
export async function choose(
  scope: Page | ReturnType<Page['getByRole']>,
  page: Page,
  label: string | RegExp,
  option: string,
): Promise<void> {
  await scope.getByRole('combobox', { name: label }).click();
  // The options list is rendered in a portal at the page's root, not inside `scope`.
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** A JSON call with the signed-in page's cookies and the header the API requires; fails unless 2xx. */
export async function callApi<T>(
  page: Page,
  method: 'GET' | 'POST',
  path: string,
  data?: unknown,
): Promise<T> {
  const res = await page.request.fetch(path, { method, data, headers: { 'x-requested-with': 'karpear' } });
  expect(res.status(), `${method} ${path}`).toBeLessThan(300);
  return (await res.json()) as T;
}
