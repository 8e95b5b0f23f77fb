// Types of the translation modules made by messages.plugin.ts: the sections of en.json (km.json has
// the same keys, checked by i18n.test.ts), split by the plugin's PUBLIC_SECTIONS.
declare module 'virtual:karpear-messages/public' {
  type Section = typeof import('./messages.plugin').PUBLIC_SECTIONS[number];
  type Public = Pick<typeof import('./en.json'), Section>;
  const messages: { km: Public; en: Public };
  export default messages;
}

declare module 'virtual:karpear-messages/app' {
  type Section = typeof import('./messages.plugin').PUBLIC_SECTIONS[number];
  type App = Omit<typeof import('./en.json'), Section>;
  const messages: { km: App; en: App };
  export default messages;
}
