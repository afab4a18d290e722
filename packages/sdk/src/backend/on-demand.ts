/**
 * A module (or any answer) fetched on first use, kept once it arrives — and
 * not kept when it fails: the next call asks again. Calls while a load is
 * under way share it. A dropped signal while tus-js-client's chunk loads must
 * not turn resumable uploads off for the rest of the page (docs/uploads.md,
 * "When tus-js-client cannot be loaded").
 *
 * `load` answers `undefined` for a failure that should not be kept either
 * (say, a question the network did not let through); the caller then gets
 * `fallback`.
 */
export function onDemand<T, F>(load: () => Promise<T | undefined>, fallback: F): () => Promise<T | F> {
  let loading: Promise<T | F> | undefined;
  return () =>
    (loading ??= load().then(
      (value) => {
        if (value !== undefined) return value;
        loading = undefined;
        return fallback;
      },
      () => {
        loading = undefined;
        return fallback;
      },
    ));
}
