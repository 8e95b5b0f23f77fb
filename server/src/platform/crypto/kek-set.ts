import { createHash } from 'node:crypto';
import { AppError } from '../errors.ts';

/**
 * The id of a key-encryption key: a fingerprint of the key itself (16 hex digits of SHA-256 over a
 * domain tag and the key). Every process holding the key computes the same id, so no manifest is
 * needed to name keys, and the id reveals nothing about the key.
 */
export function kekIdOf(key: Buffer): string {
  return createHash('sha256').update('karpear:kek-id:v1\0').update(key).digest('hex').slice(0, 16);
}

export const KEK_ID_BYTES = 8;

/**
 * Every key-encryption key this process knows, and which one is current. New values are wrapped or
 * sealed under the current one; older ones stay readable while any value still depends on them, which
 * is what lets `karpear keys rotate` re-wrap in batches while servers keep serving.
 *
 * `reload` (optional) re-reads the key folder; it runs when an unknown key id is asked for (another
 * process rotated to a key this one has not loaded yet), at most once a second.
 */
export class KekSet {
  readonly #keys = new Map<string, Buffer>();
  #currentId: string;
  readonly #reload: (() => Buffer[]) | undefined;
  #lastReload = 0;

  constructor(keys: readonly Buffer[], currentId?: string, reload?: () => Buffer[]) {
    if (keys.length === 0) throw new Error('a key set needs at least one key-encryption key');
    for (const key of keys) this.#put(key);
    const first = kekIdOf(keys[0]!);
    this.#currentId = currentId && this.#keys.has(currentId) ? currentId : first;
    this.#reload = reload;
  }

  get currentId(): string {
    return this.#currentId;
  }

  current(): { id: string; key: Buffer } {
    return { id: this.#currentId, key: this.#keys.get(this.#currentId)! };
  }

  /** The key with this id, re-reading the key folder once if it is not known yet. */
  get(id: string): Buffer | undefined {
    const key = this.#keys.get(id);
    if (key || !this.#reload) return key;
    const now = performance.now();
    if (this.#lastReload !== 0 && now - this.#lastReload < 1000) return undefined;
    this.#lastReload = now;
    for (const k of this.#reload()) this.#put(k);
    return this.#keys.get(id);
  }

  /** Add a key (idempotent); returns its id. */
  add(key: Buffer): string {
    return this.#put(key);
  }

  /** Make a known key the one new values are wrapped and sealed under. */
  setCurrent(id: string): void {
    if (!this.get(id)) throw new AppError('unavailable', `Key-encryption key ${id} is not loaded`);
    this.#currentId = id;
  }

  ids(): string[] {
    return [...this.#keys.keys()];
  }

  entries(): Array<{ id: string; key: Buffer }> {
    return [...this.#keys].map(([id, key]) => ({ id, key }));
  }

  #put(key: Buffer): string {
    if (key.length !== 32) throw new Error('a key-encryption key must be 32 bytes');
    const id = kekIdOf(key);
    if (!this.#keys.has(id)) {
      this.#keys.set(id, key);
      registerKeyBuffer(key, this);
    }
    return id;
  }
}

/**
 * Which set a KEK buffer belongs to. `createSecretBox(keyring.kek)` (the call sites written before
 * key rotation existed) thereby gets the whole set, not a single key. Prefer `createSecretBox(keyring.keks)`.
 */
const setsByBuffer = new WeakMap<Buffer, KekSet>();

function registerKeyBuffer(key: Buffer, set: KekSet): void {
  if (!setsByBuffer.has(key)) setsByBuffer.set(key, set);
}

export function kekSetOf(key: Buffer | KekSet): KekSet {
  if (key instanceof KekSet) return key;
  return setsByBuffer.get(key) ?? new KekSet([key]);
}
