import { describe, expect, it } from 'vitest';
import { canonicalPlatform, platformOfHost } from './platforms.ts';
import { normaliseUsername, splitUsername, userFromProfileUrl } from './username.ts';

const value = (raw: string, platform?: string) => {
  const r = normaliseUsername(raw, platform);
  return r.ok ? r.value : `!${r.reason}`;
};

describe('canonicalPlatform', () => {
  it.each([
    ['Facebook', 'facebook'],
    ['Facebook Messenger', 'facebook'],
    ['FB', 'facebook'],
    ['Instagram', 'instagram'],
    ['Twitter', 'x'],
    ['X Corp.', 'x'],
    ['X', 'x'],
    ['Telegram', 'telegram'],
    ['WhatsApp', 'whatsapp'],
    ['TikTok', 'tiktok'],
    ['Tik Tok', 'tiktok'],
    ['Snap Inc.', 'snapchat'],
    ['LINE', 'line'],
    ['WeChat', 'wechat'],
    ['Kik', 'kik'],
    ['Discord', 'discord'],
    ['Skype', 'skype'],
    ['Viber', 'viber'],
    ['Some New ESP', 'somenewesp'],
    ['', 'unknown'],
    ['ខ្មែរ', 'unknown'],
  ])('%j → %s', (name, canonical) => {
    expect(canonicalPlatform(name)).toBe(canonical);
  });

  it('knows hosts and their sub-domains', () => {
    expect(platformOfHost('www.facebook.com')).toBe('facebook');
    expect(platformOfHost('m.facebook.com')).toBe('facebook');
    expect(platformOfHost('t.me')).toBe('telegram');
    expect(platformOfHost('example.com')).toBeNull();
  });
});

describe('normaliseUsername', () => {
  it('strips @ and lower-cases on case-insensitive platforms', () => {
    expect(value('@Some_User', 'Telegram')).toBe('telegram:some_user');
    expect(value('Some.One', 'instagram')).toBe('instagram:some.one');
    expect(value('@@Name', 'twitter')).toBe('x:name');
  });

  it('keeps the case where the platform is case-sensitive or unknown', () => {
    expect(value('WxId_AbC', 'WeChat')).toBe('wechat:WxId_AbC');
    expect(value('Bob', 'Some ESP')).toBe('someesp:Bob');
    expect(value('Bob')).toBe('unknown:Bob');
  });

  it('uses the phone number on phone-based platforms', () => {
    expect(value('012 345 678', 'WhatsApp')).toBe('whatsapp:+85512345678');
    expect(value('+855 97 123 4567', 'viber')).toBe('viber:+855971234567');
  });

  it('reads profile URLs', () => {
    expect(value('https://www.instagram.com/Some.One/')).toBe('instagram:some.one');
    expect(value('t.me/SomeOne')).toBe('telegram:someone');
    expect(value('https://www.tiktok.com/@Abc')).toBe('tiktok:abc');
    expect(value('https://twitter.com/Someone')).toBe('x:someone');
    expect(value('https://www.facebook.com/profile.php?id=100012345')).toBe('facebook:100012345');
    expect(value('https://wa.me/85512345678')).toBe('whatsapp:+85512345678');
    expect(value('https://x.com/home')).toBe('!invalid');
    expect(value('https://example.com/user')).toBe('!invalid');
  });

  it('reads its own output back', () => {
    expect(value('telegram:bob')).toBe('telegram:bob');
    expect(splitUsername('telegram:bob')).toEqual({ platform: 'telegram', username: 'bob' });
  });

  it.each([
    ['', '!empty'],
    ['@', '!empty'],
    ['two words', '!invalid'],
    ['someone@gmail.com', '!invalid'],
    ['a'.repeat(101), '!too_long'],
  ])('rejects %j', (raw, expected) => {
    expect(value(raw, 'telegram')).toBe(expected);
  });

  it('finds the user in profile URLs and not in other pages', () => {
    expect(userFromProfileUrl('https://www.snapchat.com/add/someone')).toEqual({
      platform: 'snapchat',
      username: 'someone',
    });
    expect(userFromProfileUrl('https://www.reddit.com/u/someone')?.username).toBe('someone');
    expect(userFromProfileUrl('https://www.facebook.com/groups/123')).toBeNull();
    expect(userFromProfileUrl('https://www.instagram.com/p/AbC123/')).toBeNull();
    expect(userFromProfileUrl('not a url at all')).toBeNull();
  });
});
