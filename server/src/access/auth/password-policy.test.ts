import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertAcceptablePassword, passwordProblem } from './password-policy.ts';

describe('password policy (SECURITY.md 11)', () => {
  it('ships a list of several thousand common passwords', () => {
    const lines = fs
      .readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(lines.length).toBeGreaterThan(5000);
  });

  it('needs 12 to 128 characters, counted as characters not bytes', () => {
    expect(passwordProblem('short pass1')).toMatch(/at least 12/);
    expect(passwordProblem('x'.repeat(64) + 'y'.repeat(65))).toMatch(/at most 128/);
    expect(passwordProblem('ស្រូវ ទឹក ភ្លៀង ១២')).toBeNull();
    expect(passwordProblem(`${'áé'.repeat(10)}kqzvbn`)).toBeNull();
  });

  it('has no composition rules: a long passphrase of lower-case words is fine', () => {
    expect(passwordProblem('purple lanterns over kampot bay')).toBeNull();
    // Famous passphrases are on the list too.
    expect(passwordProblem('correct horse battery staple')).toMatch(/common/);
    expect(passwordProblem('mekong river at dawn')).toBeNull();
    expect(passwordProblem('tuk-tuk stuck on norodom blvd')).toBeNull();
  });

  it('refuses common passwords and what people build from them, case-insensitively', () => {
    for (const weak of [
      'password1234',
      'Password2024!',
      'P@ssw0rd2024!',
      'QWERTYUIOP123',
      'qwertyuiopasdf',
      '1qaz2wsx3edc4rfv',
      'iloveyou1234',
      'Karpear123456',
      'karpear2026!!',
      'cambodia12345',
      'PhnomPenh2024',
      'Dragon12345678',
      'monkeymonkey',
      'dragondragon1',
      'aaaaaaaaaaaa',
      '121212121212',
      '123456789012',
      'abcdefghijklm',
      '!!!!!!!!!!!!1',
      'zyxwvutsrqpo',
    ]) {
      expect(passwordProblem(weak), weak).toMatch(/common|few different/);
    }
  });

  it('refuses the user’s own e-mail name or display name, not their e-mail domain', () => {
    const personal = ['sok.dara@police.gov.kh', 'Sok Dara'];
    expect(passwordProblem('sokdara-likes-tea', personal)).toMatch(/your name/);
    expect(passwordProblem('my police radio is loud', personal)).toBeNull();
  });

  it('throws validation_failed naming the field', () => {
    expect(() => assertAcceptablePassword('password1234', 'body.password')).toThrowError(
      expect.objectContaining({
        code: 'validation_failed',
        issues: [expect.objectContaining({ path: 'body.password' })],
      }),
    );
  });
});
