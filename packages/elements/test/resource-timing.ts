/**
 * The URLs a page fetched whose address contains `name`. The page keeps 250
 * resource timings by default, fewer than the test runner's modules: call
 * `recordResources()` before the modules under test load (dynamically), so
 * that every module they fetch is recorded.
 */
export function recordResources(): (name: string) => string[] {
  performance.setResourceTimingBufferSize(100_000);
  return (name) =>
    performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((url) => url.includes(name));
}
