export { ephemeralKeyring, type Keyring, loadKeyring } from './keyring.ts';
export { createSecretBox, type SecretBox } from './secret-box.ts';
