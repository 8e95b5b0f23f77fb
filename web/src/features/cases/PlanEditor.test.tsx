// @vitest-environment happy-dom
import type { PlanContent } from '@karpear/contracts';
import { MantineProvider } from '@mantine/core';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { theme } from '../../app/theme';
import { createI18n } from '../../i18n';
import { addAppMessages } from '../../i18n/appMessages';
import en from '../../i18n/en.json';
import { stubMatchMedia } from '../../testing/mockApi';
import { PlanEditor } from './PlanEditor';
import { EMPTY_PLAN } from './planText';

/** The plan template's rows: each field edits its own row and shows the server's message for itself. */
beforeAll(stubMatchMedia);
afterEach(cleanup);

const t = en.cases.plan;

/** The editor as a page holds it: controlled, every value it sends recorded in `seen`. */
function Harness(props: { errors: Record<string, string>; seen: PlanContent[] }) {
  const [value, setValue] = useState<PlanContent>(EMPTY_PLAN);
  return (
    <PlanEditor
      value={value}
      onChange={(next) => {
        props.seen.push(next);
        setValue(next);
      }}
      errorOf={(path) => props.errors[path]}
    />
  );
}

function renderEditor(errors: Record<string, string> = {}) {
  const seen: PlanContent[] = [];
  const i18n = createI18n('en');
  addAppMessages(i18n); // the signed-in app's sections, as its chunk adds them
  render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider theme={theme}>
        <Harness errors={errors} seen={seen} />
      </MantineProvider>
    </I18nextProvider>,
  );
  return { last: () => seen[seen.length - 1]! };
}

const type = (label: string, index: number, text: string) =>
  fireEvent.change(screen.getAllByRole('textbox', { name: label })[index]!, { target: { value: text } });

describe('plan editor rows', () => {
  it('edits each field of the row it belongs to, and removes a row', () => {
    const editor = renderEditor();
    fireEvent.click(screen.getByRole('button', { name: t.addLine }));
    fireEvent.click(screen.getByRole('button', { name: t.addLine }));
    type(t.lineTitle, 1, 'Subscriber check');
    type(t.lineDescription, 1, 'Ask the operator for the SIM holder');
    type(t.lineKey, 0, 'L9');
    expect(editor.last().linesOfEnquiry).toEqual([
      { key: 'L9', title: '', description: '' },
      { key: 'L2', title: 'Subscriber check', description: 'Ask the operator for the SIM holder' },
    ]);

    fireEvent.click(screen.getByRole('button', { name: t.addAuthority }));
    type(t.authorityDescription, 0, 'Warrant for the guesthouse register');
    type(t.authorityStatus, 0, 'requested');
    expect(editor.last().legalAuthorities).toEqual([
      { kind: 'warrant', description: 'Warrant for the guesthouse register', status: 'requested' },
    ]);

    fireEvent.click(screen.getByRole('button', { name: t.removeLine.replace('{{number}}', '1') }));
    expect(editor.last().linesOfEnquiry.map((line) => line.key)).toEqual(['L2']);
    // The other sections are untouched by row edits.
    expect(editor.last().legalAuthorities).toHaveLength(1);
  });

  it("shows the server's message at the field it names", () => {
    renderEditor({
      'body.content.linesOfEnquiry.0.description': 'Too long',
      'body.content.legalAuthorities.0.status': 'Required',
    });
    fireEvent.click(screen.getByRole('button', { name: t.addLine }));
    fireEvent.click(screen.getByRole('button', { name: t.addAuthority }));
    const description = screen.getByRole('textbox', { name: t.lineDescription });
    expect(description.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Too long')).toBeTruthy();
    const status = screen.getByRole('textbox', { name: t.authorityStatus });
    expect(status.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Required')).toBeTruthy();
    expect(screen.getByRole('textbox', { name: t.lineTitle }).getAttribute('aria-invalid')).not.toBe('true');
  });
});
