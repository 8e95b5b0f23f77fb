import { describe, expect, it } from 'vitest';
import { matchTotp, newTotpSecret, qrSvg, totpCode, totpUri } from './totp.ts';

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890" in base32; the last 6 of its 8 digits.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const at = (seconds: number) => new Date(seconds * 1000);

describe('TOTP (RFC 6238, SHA-1, 6 digits, 30 s)', () => {
  it('matches the RFC 6238 test vectors', async () => {
    const vectors: Array<[number, string]> = [
      [59, '287082'],
      [1_111_111_109, '081804'],
      [1_111_111_111, '050471'],
      [1_234_567_890, '005924'],
      [2_000_000_000, '279037'],
    ];
    for (const [t, code] of vectors) {
      expect(await totpCode(RFC_SECRET, at(t))).toBe(code);
      expect(await matchTotp(RFC_SECRET, code, at(t), 0)).toBe(Math.floor(t / 30));
    }
  });

  it('accepts the previous and next step, nothing further', async () => {
    const t = 1_800_000_000;
    const code = await totpCode(RFC_SECRET, at(t));
    const step = t / 30;
    expect(await matchTotp(RFC_SECRET, code, at(t + 30), 0)).toBe(step);
    expect(await matchTotp(RFC_SECRET, code, at(t - 30), 0)).toBe(step);
    expect(await matchTotp(RFC_SECRET, code, at(t + 60), 0)).toBeNull();
    expect(await matchTotp(RFC_SECRET, code, at(t - 60), 0)).toBeNull();
  });

  it('never accepts a step at or before the last one used (replay)', async () => {
    const t = 1_800_000_000;
    const code = await totpCode(RFC_SECRET, at(t));
    expect(await matchTotp(RFC_SECRET, code, at(t), t / 30)).toBeNull();
    expect(await matchTotp(RFC_SECRET, code, at(t), t / 30 + 1)).toBeNull();
    expect(await matchTotp(RFC_SECRET, code, at(t), t / 30 - 1)).toBe(t / 30);
  });

  it('refuses malformed codes without throwing', async () => {
    for (const bad of ['', '12345', '1234567', 'abcdef', '12 456', '１２３４５６']) {
      expect(await matchTotp(RFC_SECRET, bad, at(59), 0)).toBeNull();
    }
  });

  it('makes 160-bit base32 secrets, an otpauth URI and an SVG QR code', async () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = totpUri('investigator@demo.karpear.test', secret);
    expect(uri).toMatch(
      /^otpauth:\/\/totp\/Karpear:investigator%40demo\.karpear\.test\?secret=[A-Z2-7]{32}&issuer=Karpear$/,
    );
    const svg = await qrSvg(uri);
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).not.toMatch(/<script/i);
  });
});
