/**
 * A promise and the function that resolves it, for a test whose steps wait on each other across
 * connections (a lock is held, a row is written, now the other side may go on).
 */
export function signal(): [Promise<void>, () => void] {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return [promise, resolve];
}
