/**
 * Online platforms by canonical name: the names and hosts people use for them, and whether a username
 * on them is case-insensitive (then it is lower-cased) or a phone number (WhatsApp, Viber…).
 * `x` is the platform formerly called Twitter; `messenger` accounts are Facebook accounts.
 */
export interface PlatformInfo {
  aliases: string[];
  hosts: string[];
  caseInsensitive: boolean;
  phoneBased?: boolean;
}

export const PLATFORMS: Record<string, PlatformInfo> = {
  facebook: {
    aliases: ['fb', 'messenger', 'fbmessenger', 'facebookmessenger'],
    hosts: ['facebook.com', 'fb.com', 'messenger.com', 'm.me', 'fb.me'],
    caseInsensitive: true,
  },
  instagram: { aliases: ['ig', 'insta'], hosts: ['instagram.com', 'instagr.am'], caseInsensitive: true },
  telegram: { aliases: ['tg'], hosts: ['t.me', 'telegram.me', 'telegram.dog'], caseInsensitive: true },
  whatsapp: { aliases: ['wa'], hosts: ['wa.me', 'whatsapp.com'], caseInsensitive: true, phoneBased: true },
  tiktok: { aliases: ['musically'], hosts: ['tiktok.com'], caseInsensitive: true },
  x: { aliases: ['twitter', 'xcorp', 'xcom'], hosts: ['x.com', 'twitter.com'], caseInsensitive: true },
  snapchat: { aliases: ['snap'], hosts: ['snapchat.com'], caseInsensitive: true },
  line: { aliases: ['lineapp', 'naverline'], hosts: ['line.me'], caseInsensitive: true },
  wechat: { aliases: ['weixin'], hosts: ['wechat.com', 'weixin.qq.com'], caseInsensitive: false },
  kik: { aliases: ['kikmessenger'], hosts: ['kik.me', 'kik.com'], caseInsensitive: true },
  discord: { aliases: [], hosts: ['discord.com', 'discordapp.com'], caseInsensitive: true },
  skype: { aliases: [], hosts: ['skype.com'], caseInsensitive: true },
  viber: { aliases: [], hosts: ['viber.com'], caseInsensitive: true, phoneBased: true },
  signal: { aliases: [], hosts: ['signal.me'], caseInsensitive: true },
  zalo: { aliases: [], hosts: ['zalo.me'], caseInsensitive: true, phoneBased: true },
  imo: { aliases: [], hosts: ['imo.im'], caseInsensitive: true, phoneBased: true },
  youtube: { aliases: ['yt'], hosts: ['youtube.com', 'youtu.be'], caseInsensitive: true },
  reddit: { aliases: [], hosts: ['reddit.com'], caseInsensitive: true },
  threads: { aliases: [], hosts: ['threads.net', 'threads.com'], caseInsensitive: true },
  twitch: { aliases: [], hosts: ['twitch.tv'], caseInsensitive: true },
  vk: { aliases: ['vkontakte'], hosts: ['vk.com'], caseInsensitive: true },
  roblox: { aliases: [], hosts: ['roblox.com'], caseInsensitive: true },
  tinder: { aliases: [], hosts: ['tinder.com'], caseInsensitive: true },
  grindr: { aliases: [], hosts: ['grindr.com'], caseInsensitive: true },
  pinterest: { aliases: [], hosts: ['pinterest.com'], caseInsensitive: true },
  tumblr: { aliases: [], hosts: ['tumblr.com'], caseInsensitive: true },
  onlyfans: { aliases: [], hosts: ['onlyfans.com'], caseInsensitive: true },
};

const BY_ALIAS = new Map<string, string>();
const BY_HOST = new Map<string, string>();
for (const [name, info] of Object.entries(PLATFORMS)) {
  BY_ALIAS.set(name, name);
  for (const alias of info.aliases) BY_ALIAS.set(alias, name);
  for (const host of info.hosts) {
    BY_HOST.set(host, name);
    BY_ALIAS.set(host.replace(/\./g, ''), name);
  }
}

/** `Facebook Inc.` → `facebook`, `Twitter` → `x`; unknown names become a slug (`Some ESP` → `someesp`);
 * nothing usable → `unknown`. Idempotent. */
export function canonicalPlatform(name: string | null | undefined): string {
  if (typeof name !== 'string') return 'unknown';
  const folded = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\b(?:inc|llc|ltd|corp|corporation|company|co|app)\b\.?/g, '')
    .replace(/[^a-z0-9]/g, '');
  if (folded.length === 0) return 'unknown';
  return BY_ALIAS.get(folded) ?? folded.slice(0, 40);
}

/** The platform of a host (`www.facebook.com`, `m.facebook.com` → facebook), or null. */
export function platformOfHost(host: string): string | null {
  let h = host.toLowerCase().replace(/\.$/, '');
  for (;;) {
    const found = BY_HOST.get(h);
    if (found) return found;
    const dot = h.indexOf('.');
    if (dot < 0 || h.indexOf('.', dot + 1) < 0) return null;
    h = h.slice(dot + 1);
  }
}

export function platformInfo(name: string): PlatformInfo | undefined {
  return Object.hasOwn(PLATFORMS, name) ? PLATFORMS[name] : undefined;
}
