export type Listener<T> = (state: T, previous: T) => void;

/** A value you can read and watch: what components bind to. */
export interface ReadableStore<T> {
  getState(): T;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: Listener<T>): () => void;
}

export interface WritableStore<T> extends ReadableStore<T> {
  setState(update: T | ((state: T) => T)): void;
}

/** The smallest replaceable store: immutable states, synchronous notification. */
export function createStore<T>(initial: T): WritableStore<T> {
  let state = initial;
  const listeners = new Set<Listener<T>>();
  return {
    getState: () => state,
    setState(update) {
      const previous = state;
      state = typeof update === 'function' ? (update as (s: T) => T)(state) : update;
      if (state === previous) return;
      for (const listener of [...listeners]) listener(state, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
