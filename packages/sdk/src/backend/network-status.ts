/*
 * What the environment says about the network: `navigator.onLine` and the
 * `online` / `offline` events of the global scope (a window or a worker),
 * where they exist (Node has neither: there the network counts as up). The
 * SDK compiles without the DOM (packages/sdk/tsconfig.json), so they are read
 * from `globalThis` through this type.
 */
type NetworkEvent = 'online' | 'offline';

interface NetworkScope {
  navigator?: { onLine?: boolean };
  addEventListener?: (type: NetworkEvent, listener: () => void) => void;
  removeEventListener?: (type: NetworkEvent, listener: () => void) => void;
}

const scope = () => globalThis as NetworkScope;

/** True only when the browser says it has no network (`navigator.onLine === false`). */
export const isOffline = (): boolean => scope().navigator?.onLine === false;

/** Calls `listener` at each `online` or `offline` event; returns the function that stops. */
export function onNetworkEvent(type: NetworkEvent, listener: () => void): () => void {
  const target = scope();
  if (typeof target.addEventListener !== 'function') return () => {};
  target.addEventListener(type, listener);
  return () => target.removeEventListener?.(type, listener);
}
