/** A typed event emitter: `on` answers the function that stops listening; `emit` calls a snapshot of the listeners. */
export interface Emitter<M> {
  on<K extends keyof M>(name: K, listener: (event: M[K]) => void): () => void;
  emit<K extends keyof M>(name: K, event: M[K]): void;
}

export function createTypedEmitter<M>(): Emitter<M> {
  const listeners = new Map<keyof M, Set<(event: never) => void>>();
  return {
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      return () => void set.delete(listener);
    },
    emit(name, event) {
      for (const listener of [...(listeners.get(name) ?? [])]) (listener as (e: typeof event) => void)(event);
    },
  };
}
