import { PROVINCES } from '@karpear/contracts';
import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from './portal-html.ts';
import { PORTAL_MESSAGES, portalText } from './portal-messages.ts';
import { formatReceiptCode, lookupPage, receiptPage, statusPage } from './portal-pages.ts';
import { reportPage } from './portal-report-page.ts';

const base = { stylesheet: '.hp{display:none}\n', token: 'tok_en-1' };
const HOSTILE = `"><script>alert(1)</script><img src=x onerror=alert(2)>'&`;

describe('escaping', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapes interpolated strings but keeps nested html fragments', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}${'<u>'}${['<', html`<br>`]}</p>`.value).toBe(
      '<p><b>&lt;i&gt;</b>&lt;u&gt;&lt;<br></p>',
    );
  });

  it('shows what a reporter typed as text, in every field, never as markup', () => {
    const values = {
      what: HOSTILE,
      place: HOSTILE,
      when: HOSTILE,
      nationality: HOSTILE,
      suspect_description: HOSTILE,
      urls: HOSTILE,
      username_1: HOSTILE,
      contact: HOSTILE,
      province: HOSTILE,
    };
    const out = reportPage({ lang: 'en', ...base, values, errors: { what: { key: 'errRequired' } } });
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<img src=x');
    expect(out).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    // The textarea keeps the text (escaped) and the input its value attribute (escaped).
    expect(out).toMatch(/<textarea id="what"[^>]*>&quot;&gt;&lt;script&gt;/);
    expect(out).toContain(
      'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&#39;&amp;"',
    );
  });

  it('escapes operator messages on the status page', () => {
    const out = statusPage({
      lang: 'en',
      ...base,
      statusToken: 'st',
      status: 'reviewing',
      receivedAt: new Date('2026-11-01T00:00:00Z'),
      messages: [{ at: new Date('2026-11-02T00:00:00Z'), body: HOSTILE }],
      additions: 0,
    });
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('report page', () => {
  it('is a complete Khmer page by default with a link to English, no script and no style attribute', () => {
    const out = reportPage({ lang: 'km', ...base });
    expect(out.startsWith('<!doctype html><html lang="km">')).toBe(true);
    expect(out).toContain(PORTAL_MESSAGES.km.reportTitle);
    expect(out).toContain('href="/report?lang=en"');
    expect(out).not.toMatch(/<script|style=|\son[a-z]+=|<link/i);
    // The one stylesheet, inlined in the head (the CSP allows it by its hash).
    expect(out.match(/<style>/g)).toHaveLength(1);
    expect(out).toContain('<style>.hp{display:none}\n</style>\n</head>');
  });

  it('offers the 25 provinces in the page language, the form token and the honeypot', () => {
    const km = reportPage({ lang: 'km', ...base });
    const en = reportPage({ lang: 'en', ...base });
    expect(PROVINCES).toHaveLength(25);
    for (const p of PROVINCES) {
      expect(km).toContain(`<option value="${p.code}">${p.km}</option>`);
      expect(en).toContain(`<option value="${p.code}">${p.en}</option>`);
    }
    expect(en).toContain('name="form_token" value="tok_en-1"');
    expect(en).toMatch(/<div class="hp"><label for="website">/);
    expect(en).toContain(PORTAL_MESSAGES.en.noImagesTitle);
  });

  it('never offers a file input and posts as a plain form', () => {
    const out = reportPage({ lang: 'en', ...base });
    expect(out).not.toMatch(/type="file"|multipart/);
    expect(out).toContain('<form method="post" action="/report?lang=en"');
  });

  it('shows each error next to its field, linked from the summary, and keeps the choice made', () => {
    const out = reportPage({
      lang: 'en',
      ...base,
      values: { province: 'KH-12', child_age: '6-9', danger: 'yes' },
      errors: { what: { key: 'errTooShort', params: { min: 10 } }, phones: { key: 'errLine', line: 2 } },
    });
    expect(out).toContain('<p class="error" id="what-error">Please write at least 10 characters.</p>');
    expect(out).toContain('aria-describedby="what-error what-hint" aria-invalid="true"');
    expect(out).toContain('<a href="#phones">Line 2: this is not a phone number we can read</a>');
    expect(out).toContain('<option value="KH-12" selected>');
    expect(out).toContain('<option value="6-9" selected>');
    expect(out).toMatch(/id="danger" name="danger" value="yes" checked/);
  });

  it('renders the errors in Khmer for a Khmer page', () => {
    const out = reportPage({ lang: 'km', ...base, errors: { what: { key: 'errRequired' } } });
    expect(out).toContain(PORTAL_MESSAGES.km.errRequired);
    expect(out).not.toContain(PORTAL_MESSAGES.en.errRequired);
  });
});

describe('receipt and status pages', () => {
  it('shows the code in groups of four and offers no language switch (leaving would lose it)', () => {
    expect(formatReceiptCode('1234567890123456')).toBe('1234 5678 9012 3456');
    const out = receiptPage({ lang: 'en', stylesheet: base.stylesheet, code: '1234567890123456' });
    expect(out).toContain('<strong>1234 5678 9012 3456</strong>');
    expect(out).not.toContain('class="lang"');
  });

  it('keeps a message carried over an expired status page in the code form', () => {
    const out = lookupPage({ lang: 'en', ...base, message: 'more <info>', expired: true });
    expect(out).toContain('<input type="hidden" name="message" value="more &lt;info&gt;">');
    expect(out).toContain(PORTAL_MESSAGES.en.statusExpired);
  });

  it('shows the coarse status and says when there are no messages', () => {
    const out = statusPage({
      lang: 'km',
      ...base,
      statusToken: 'st',
      status: 'actioned',
      receivedAt: new Date('2026-11-01T00:00:00Z'),
      messages: [],
      additions: 2,
    });
    expect(out).toContain(PORTAL_MESSAGES.km.statusActioned);
    expect(out).toContain(PORTAL_MESSAGES.km.messagesNone);
    expect(out).toContain(portalText('km', 'yourAdditions', { count: 2 }));
    expect(out).toContain('name="status_token" value="st"');
  });
});

describe('messages', () => {
  it('has the same keys in Khmer and English, none empty', () => {
    expect(Object.keys(PORTAL_MESSAGES.km).sort()).toEqual(Object.keys(PORTAL_MESSAGES.en).sort());
    for (const lang of ['km', 'en'] as const) {
      for (const [key, text] of Object.entries(PORTAL_MESSAGES[lang]))
        expect(text.trim(), `${lang}.${key}`).not.toBe('');
    }
  });

  it('keeps the placeholders of each English text in its Khmer text', () => {
    for (const [key, text] of Object.entries(PORTAL_MESSAGES.en)) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(PORTAL_MESSAGES.km[key as keyof typeof PORTAL_MESSAGES.km]), key).toEqual(names(text));
    }
  });
});
