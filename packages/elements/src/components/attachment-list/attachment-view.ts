import type { Attachment } from '@attachkit/sdk';

export type SortKey = 'name' | 'size' | 'date';
export type SortDirection = 'ascending' | 'descending';

export interface ViewOptions {
  filter: string;
  key: SortKey;
  direction: SortDirection;
}

const compareText = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

const comparators: Record<SortKey, (a: Attachment, b: Attachment) => number> = {
  name: (a, b) => compareText.compare(a.name, b.name),
  size: (a, b) => a.size - b.size,
  date: (a, b) => a.createdAt.localeCompare(b.createdAt),
};

/** The items sorted by `key` (ties by name), a new array. */
export function sortAttachments(items: readonly Attachment[], key: SortKey, direction: SortDirection): Attachment[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const by = comparators[key];
  return [...items].sort((a, b) => sign * by(a, b) || compareText.compare(a.name, b.name));
}

/**
 * The rows a list shows: filtered by name (case-insensitive) and sorted,
 * recomputed only when the items or the options change (10,000 rows re-render
 * without re-sorting).
 */
export class AttachmentView {
  private cache: { items: readonly Attachment[]; options: ViewOptions; result: Attachment[] } | null = null;

  rows(items: readonly Attachment[], options: ViewOptions): Attachment[] {
    const cache = this.cache;
    if (
      cache?.items === items &&
      cache.options.filter === options.filter &&
      cache.options.key === options.key &&
      cache.options.direction === options.direction
    ) {
      return cache.result;
    }
    const needle = options.filter.trim().toLocaleLowerCase();
    const matching = needle ? items.filter((a) => a.name.toLocaleLowerCase().includes(needle)) : items;
    const result = sortAttachments(matching, options.key, options.direction);
    this.cache = { items, options: { ...options }, result };
    return result;
  }
}
