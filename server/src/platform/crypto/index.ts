/** Keys, sealing, field encryption and key rotation (SECURITY.md E). See README.md here. */
export {
  BLIND_INDEX_KEY_FILE_NAME,
  blindIndexSubkey,
  readBlindIndexKeyFile,
} from './blind-index-key.ts';
export { bytea, dataKeys, keyEncryptionKeys } from './crypto.tables.ts';
export { countKeysByKek, currentKekIdInDb, type Subject } from './data-keys.repo.ts';
export {
  createFieldCipher,
  DataKeyDestroyedError,
  type FieldCipher,
  type FieldCipherOptions,
  type FieldLocation,
} from './field-cipher.ts';
export { KekSet, kekIdOf } from './kek-set.ts';
export {
  countSealedByKek,
  type RotationOptions,
  type RotationReport,
  rotateKek,
  SEALED_COLUMNS,
  type SealedColumn,
} from './key-rotation.ts';
export {
  ephemeralKeyring,
  generateKekFile,
  type Keyring,
  kekDirectory,
  loadKeyring,
  publicKeyId,
  readAuditVerifyKeys,
  readKekFile,
  writeCurrentKekPointer,
} from './keyring.ts';
export { LruCache } from './lru.ts';
export { createSecretBox, type SecretBox, sealedAad, sealedKekId } from './secret-box.ts';
