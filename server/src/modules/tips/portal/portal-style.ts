import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The portal's one stylesheet, inlined in every page and allowed by its hash in the CSP (never by
 * 'unsafe-inline'): on a slow 3G link a separate stylesheet cost a whole second round trip before the
 * first paint (bench/web-pages.ts), and a reporter usually comes once, with nothing cached. Khmer text uses
 * Noto Sans Khmer as the web app self-hosts it: Vite puts the @fontsource files into `web/dist/assets`
 * with a content hash in the name, so we look them up there once at start-up and point `@font-face`
 * at those same URLs (one cached download for both). Without a built web app the page falls back to
 * the system's fonts — still readable, nothing fetched from elsewhere. Latin text uses system fonts.
 */

const KHMER_RANGE = 'U+1780-17FF,U+19E0-19FF,U+200C-200D,U+25CC';

/** `/assets/noto-sans-khmer-khmer-400-normal-<hash>.woff2`, or null when the web app is not built. */
export function findKhmerFont(webDistDir: string | undefined, weight: 400 | 700): string | null {
  if (!webDistDir) return null;
  const assets = path.join(webDistDir, 'assets');
  let names: string[];
  try {
    names = fs.readdirSync(assets);
  } catch {
    return null;
  }
  const prefix = `noto-sans-khmer-khmer-${weight}-normal-`;
  const file = names.find((n) => n.startsWith(prefix) && n.endsWith('.woff2'));
  return file ? `/assets/${file}` : null;
}

function fontFace(url: string, weight: number): string {
  return `@font-face{font-family:'Noto Sans Khmer';font-style:normal;font-display:swap;font-weight:${weight};src:url(${url}) format('woff2');unicode-range:${KHMER_RANGE}}`;
}

const RULES = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font-family:'Noto Sans Khmer',system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;font-size:1rem;line-height:1.6;color:#1b1f24;background:#f6f7f9}
:lang(km) body,body:lang(km){line-height:1.8}
a{color:#0b4fa8}
a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #f0a500;outline-offset:2px}
.skip{position:absolute;left:-9999px;top:0}
.skip:focus{left:0.5rem;top:0.5rem;background:#fff;padding:0.5rem;z-index:1}
.top{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:0.5rem;padding:0.75rem 1rem;background:#12355b;color:#fff}
.top .brand{margin:0;font-weight:700}
.top .lang{color:#fff;font-weight:700}
main{max-width:42rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.4;margin:0.5rem 0 1rem}
h2{font-size:1.15rem;margin:1.25rem 0 0.5rem}
fieldset{border:1px solid #c5cbd3;border-radius:6px;margin:1rem 0;padding:0.75rem 1rem 1rem;background:#fff}
legend{font-weight:700;padding:0 0.25rem}
.field{margin:0.75rem 0}
label{display:block;font-weight:600}
.need{font-weight:400;color:#4a5460}
.hint{margin:0.15rem 0;color:#4a5460;font-size:0.95rem}
.error{margin:0.15rem 0;color:#a4161a;font-weight:600}
input[type=text],input[type=search],select,textarea{display:block;width:100%;font:inherit;font-size:1rem;padding:0.5rem;border:1px solid #6b7480;border-radius:4px;background:#fff;color:inherit}
.has-error input,.has-error select,.has-error textarea{border:2px solid #a4161a}
textarea{resize:vertical}
.check{display:flex;gap:0.5rem;align-items:flex-start;margin:0.75rem 0}
.check input{width:1.4rem;height:1.4rem;margin-top:0.2rem;flex:none}
.check label{font-weight:600}
.pair{border-top:1px dashed #c5cbd3;margin-top:0.5rem}
button{font:inherit;font-weight:700;font-size:1.05rem;color:#fff;background:#12355b;border:0;border-radius:6px;padding:0.75rem 1.5rem;min-height:44px;cursor:pointer;width:100%}
.notice{border-left:4px solid #12355b;background:#e8eef6;padding:0.5rem 1rem;margin:1rem 0;border-radius:4px}
.notice h2{margin-top:0.25rem;font-size:1.05rem}
.notice.danger{border-color:#a4161a;background:#fbeaea}
.notice.ok{border-color:#1e6b32;background:#e7f4ea}
.summary{border:2px solid #a4161a;background:#fff;padding:0.5rem 1rem;margin:1rem 0;border-radius:4px}
.summary h2{margin-top:0.25rem;font-size:1.05rem;color:#a4161a}
.hp{display:none}
.receipt{font-size:1.6rem;letter-spacing:0.08em;font-variant-numeric:tabular-nums;background:#fff;border:2px dashed #12355b;padding:0.75rem;text-align:center;margin:0.25rem 0 1rem}
.receipt-label{font-weight:700;margin-bottom:0}
.status dt{font-weight:700}
.status dd{margin:0 0 0.75rem}
.messages{padding-left:1.25rem}
.messages .when{color:#4a5460;margin:0}
.messages .body{white-space:pre-wrap;margin:0 0 0.75rem}
.foot{max-width:42rem;margin:0 auto;padding:1rem;color:#4a5460;font-size:0.9rem}
@media (min-width:40rem){button{width:auto}}
`;

export interface PortalStylesheet {
  css: string;
  /** The CSP source that allows exactly this text in a <style> element: `sha256-<base64>`. */
  hash: string;
}

export function buildStylesheet(webDistDir: string | undefined): PortalStylesheet {
  const regular = findKhmerFont(webDistDir, 400);
  const bold = findKhmerFont(webDistDir, 700);
  const faces = [regular ? fontFace(regular, 400) : '', bold ? fontFace(bold, 700) : ''].join('');
  const css = `${faces}${RULES.trim()}\n`;
  return { css, hash: `sha256-${createHash('sha256').update(css).digest('base64')}` };
}
