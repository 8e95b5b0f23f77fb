import { type RefObject, useEffect, useRef } from 'react';

/** Moves keyboard focus to the element when it first renders (the first field of a new step). */
export function useFocusOnMount<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
