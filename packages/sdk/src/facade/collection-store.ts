import type { WriteOptions } from '../backend/backend.js';
import { AttachKitNotFoundError, isAbortError, type AttachKitError } from '../errors.js';
import type { Attachment, BulkSet, Note, NoteCreate, RecordRef } from '../model/schemas.js';
import { sharingChanges } from '../model/sharing.js';
import type { Action } from '../policy/actions.js';
import { createStore, type ReadableStore } from '../store/store.js';
import { assertAllowed, type FacadeContext } from './context.js';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface CollectionState<T> {
  status: LoadStatus;
  /** What the principal sees, oldest first. Optimistic changes show here at once. */
  items: T[];
  /** The load error (status `error`) or the last failed command's error. */
  error: AttachKitError | null;
  /** Ids with a command in flight. */
  pending: string[];
}

type Item = Attachment | Note;
interface Change<T> {
  change: Partial<T>;
}
interface Unsettled<T> {
  confirmed: T;
  changes: Change<T>[];
  /** Settles when the last command queued on the item has. */
  tail: Promise<void>;
}
type Kind = 'attachment' | 'note';

interface Api<T extends Item> {
  list(record: RecordRef, o: { signal: AbortSignal }): Promise<T[]>;
  patch(id: string, set: Partial<T>, o: WriteOptions): Promise<T>;
  bulk(ids: string[], set: BulkSet): Promise<T[]>;
  remove(id: string, o: WriteOptions): Promise<void>;
}

/** The store of one record's attachments or notes, with its commands. */
export class CollectionStore<T extends Item> implements ReadableStore<CollectionState<T>> {
  readonly record: RecordRef;
  protected readonly state = createStore<CollectionState<T>>({ status: 'idle', items: [], error: null, pending: [] });
  protected readonly context: FacadeContext;
  private readonly kind: Kind;
  private readonly api: Api<T>;
  private loading: AbortController | null = null;
  private refreshing: Promise<void> | null = null;
  /** Calls of `refresh()` so far: one more while a refresh runs means one more request. */
  private changesHeard = 0;
  /** Items with commands in flight: the server's last version, and the changes not yet answered. */
  private readonly unsettled = new Map<string, Unsettled<T>>();

  constructor(context: FacadeContext, record: RecordRef, kind: Kind, api: Api<T>) {
    this.context = context;
    this.record = { type: record.type, id: record.id };
    this.kind = kind;
    this.api = api;
  }

  getState = () => this.state.getState();
  /** While a listener is subscribed (a list on screen), a change another tab makes to this record reloads it (`refresh`). */
  subscribe: ReadableStore<CollectionState<T>>['subscribe'] = (listener) => {
    const stop = this.state.subscribe(listener);
    const unwatch = this.context.recordChanges.watch();
    return () => {
      stop();
      unwatch();
    };
  };

  /** Loads (or reloads) the list. A newer load cancels an older one. */
  load(): Promise<void> {
    return this.read(false);
  }

  /**
   * Reloads in the background, for a change another tab of this browser made
   * (record-changes.ts): the list stays on screen while the request runs, and
   * stays as it was if the request fails (the next change or `load()` asks
   * again). Changes heard meanwhile make one more request, not one each. A
   * list never loaded here is left alone; one loading or failed loads again.
   */
  refresh(): Promise<void> {
    const { status } = this.getState();
    if (status === 'idle') return Promise.resolve();
    if (status !== 'ready') return this.load();
    this.changesHeard++;
    if (this.refreshing) return this.refreshing;
    const run = async () => {
      try {
        // Until a request started after the last change heard has answered.
        for (let asked = -1; asked !== this.changesHeard && this.getState().status === 'ready';) {
          asked = this.changesHeard;
          await this.read(true);
        }
      } finally {
        this.refreshing = null;
      }
    };
    // (run() always waits for a request before its finally: the assignment comes first.)
    return (this.refreshing = run());
  }

  /** Asks for the list; `quiet`: no `loading` status, and a failure leaves the state as it was (no error event). */
  private async read(quiet: boolean): Promise<void> {
    this.loading?.abort();
    const controller = (this.loading = new AbortController());
    if (!quiet) this.state.setState((s) => ({ ...s, status: 'loading', error: null }));
    try {
      const items = await this.api.list(this.record, { signal: controller.signal });
      if (this.loading !== controller) return;
      // An item with a command in flight keeps showing that change; a newer server version becomes its base.
      for (const item of items) {
        const entry = this.unsettled.get(item.id);
        if (entry && item.revision > entry.confirmed.revision) entry.confirmed = item;
      }
      const shown = new Map(this.shown(items.filter((i) => this.unsettled.has(i.id)).map((i) => i.id)).map((i) => [i.id, i]));
      this.state.setState((s) => ({ ...s, status: 'ready', items: items.map((i) => shown.get(i.id) ?? i), error: null }));
    } catch (error) {
      if (this.loading !== controller || isAbortError(error) || quiet) return;
      const failure = this.context.fail(`${this.kind}.list`, error);
      this.state.setState((s) => ({ ...s, status: 'error', error: failure }));
    } finally {
      if (this.loading === controller) this.loading = null;
    }
  }

  /** Load once: does nothing when already loaded or loading. */
  async ensureLoaded(): Promise<void> {
    if (this.getState().status === 'idle' || this.getState().status === 'error') await this.load();
  }

  /** Inserts or replaces an item (an upload that just finished, a server push). */
  upsert(pushed: T): void {
    const entry = this.unsettled.get(pushed.id);
    if (entry && pushed.revision > entry.confirmed.revision) entry.confirmed = pushed;
    const item = entry ? (this.shown([pushed.id])[0] ?? pushed) : pushed;
    this.state.setState((s) => {
      const index = s.items.findIndex((i) => i.id === item.id);
      const items = index === -1 ? [...s.items, item] : s.items.map((i, n) => (n === index ? item : i));
      return { ...s, items };
    });
  }

  /** Makes the items Viewable in the Customer Portal. */
  share = (ids: readonly string[]) => this.update(ids, { portal: 'viewable' } as Partial<T>, `${this.kind}.share`);
  /** Hides the items from the Customer Portal. */
  hide = (ids: readonly string[]) => this.update(ids, { portal: 'hidden' } as Partial<T>, `${this.kind}.hide`);
  markConfidential = (ids: readonly string[]) => this.update(ids, { confidential: true } as Partial<T>, `${this.kind}.markConfidential`);
  clearConfidential = (ids: readonly string[]) => this.update(ids, { confidential: false } as Partial<T>, `${this.kind}.clearConfidential`);

  protected find(ids: readonly string[]): T[] {
    const byId = new Map(this.getState().items.map((i) => [i.id, i]));
    return [...new Set(ids)].map((id) => {
      const item = byId.get(id);
      if (!item) throw this.context.fail(`${this.kind}.find`, new AttachKitNotFoundError(this.kind));
      return item;
    });
  }

  /**
   * Applies `change` to the items at once, asks the backend, then keeps the
   * server's version — or puts the items back as they were and rethrows.
   * Commands on one item run one after another: a second toggle pressed while
   * the first is still on the wire shows at once, waits for the first answer
   * and is sent with the revision that answer carries (never a false conflict,
   * never the first answer wiping out the second change on screen).
   */
  protected async update(ids: readonly string[], change: Partial<T>, action: Action): Promise<T[]> {
    const before = this.find(ids);
    assertAllowed(this.context, action, before);
    if (before.length === 0) return [];
    const idList = before.map((i) => i.id);
    const token = { change };
    const { entries, previous, settle } = this.enqueue(before, token);
    this.apply(this.shown(idList), idList, 'add');
    try {
      await previous;
      const sent = entries.map((e) => e.confirmed);
      const [only] = sent;
      const saved =
        only && sent.length === 1
          ? [await this.api.patch(only.id, change, { ifRevision: only.revision })]
          : await this.api.bulk(idList, change);
      const byId = new Map(saved.map((item) => [item.id, item]));
      for (const entry of entries) entry.confirmed = byId.get(entry.confirmed.id) ?? entry.confirmed;
      this.dequeue(entries, token);
      this.apply(this.shown(idList), idList, 'remove');
      this.state.setState((s) => ({ ...s, error: null }));
      this.auditChanges(sent, saved);
      this.changed();
      return saved;
    } catch (error) {
      this.dequeue(entries, token);
      this.apply(this.shown(idList), idList, 'remove');
      const failure = this.context.fail(action, error);
      this.state.setState((s) => ({ ...s, error: failure }));
      throw failure;
    } finally {
      settle();
      this.forgetSettled(idList);
    }
  }

  /** `update` of one item, answering the server's version of it. */
  protected async updateOne(id: string, change: Partial<T>, action: Action): Promise<T> {
    const [saved] = await this.update([id], change, action);
    if (!saved) throw this.context.fail(action, new AttachKitNotFoundError(this.kind));
    return saved;
  }

  /** Deletes the items: they leave the list at once and come back where they were if the backend refuses. */
  async remove(ids: readonly string[]): Promise<void> {
    const before = this.find(ids);
    assertAllowed(this.context, `${this.kind}.delete`, before);
    const positions = new Map(this.getState().items.map((item, index) => [item.id, index]));
    const removing = new Set(before.map((i) => i.id));
    this.state.setState((s) => ({ ...s, items: s.items.filter((i) => !removing.has(i.id)) }));
    // A command still on the wire for an item goes first: the delete is sent with the revision it answers.
    const inFlight = before.map((item) => this.unsettled.get(item.id));
    await Promise.all(inFlight.flatMap((entry) => (entry ? [entry.tail] : [])));
    const latest = before.map((item, i) => inFlight[i]?.confirmed ?? item);
    const results = await Promise.allSettled(latest.map((item) => this.api.remove(item.id, { ifRevision: item.revision })));
    const firstFailure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (results.some((r) => r.status === 'fulfilled')) this.changed();
    if (!firstFailure) {
      this.state.setState((s) => ({ ...s, error: null }));
      return;
    }
    const failed = latest.filter((_, i) => results[i]?.status === 'rejected');
    // Every item came from the list, so it has a position; one missing goes back at the end.
    const positionOf = (item: T) => positions.get(item.id) ?? Number.MAX_SAFE_INTEGER;
    this.state.setState((s) => {
      const items = [...s.items];
      for (const item of failed.sort((a, b) => positionOf(a) - positionOf(b))) {
        items.splice(Math.min(positionOf(item), items.length), 0, item);
      }
      return { ...s, items };
    });
    const failure = this.context.fail(`${this.kind}.delete`, firstFailure.reason);
    this.state.setState((s) => ({ ...s, error: failure }));
    throw failure;
  }

  /** Tells the other tabs of this browser that this record's list changed (they reload it). */
  protected changed(): void {
    this.context.recordChanges.changed({ list: this.kind === 'attachment' ? 'attachments' : 'notes', record: this.record });
  }

  /** Queues a change behind the commands already in flight on the same items. */
  private enqueue(items: T[], token: Change<T>) {
    let settle!: () => void;
    const done = new Promise<void>((resolve) => (settle = resolve));
    const entries = items.map((item) => {
      const entry = this.unsettled.get(item.id) ?? { confirmed: item, changes: [], tail: Promise.resolve() };
      this.unsettled.set(item.id, entry);
      return entry;
    });
    const previous = Promise.all(entries.map((e) => e.tail));
    for (const entry of entries) {
      entry.changes.push(token);
      entry.tail = done;
    }
    return { entries, previous, settle };
  }

  private dequeue(entries: Unsettled<T>[], token: Change<T>): void {
    for (const entry of entries) entry.changes = entry.changes.filter((c) => c !== token);
  }

  /** Drops the bookkeeping of items with nothing left in flight. */
  private forgetSettled(ids: string[]): void {
    for (const id of ids) if (this.unsettled.get(id)?.changes.length === 0) this.unsettled.delete(id);
  }

  /** What the items look like: the server's last version with the changes still in flight on top, in order. */
  private shown(ids: string[]): T[] {
    return ids.flatMap((id) => {
      const entry = this.unsettled.get(id);
      return entry ? [entry.changes.reduce<T>((item, { change }) => ({ ...item, ...change }), entry.confirmed)] : [];
    });
  }

  /** Replaces items by id; marks their ids pending (`add`) or settled (`remove`). */
  protected apply(items: T[], ids: string[], pending: 'add' | 'remove'): void {
    const byId = new Map(items.map((i) => [i.id, i]));
    this.state.setState((s) => ({
      ...s,
      items: s.items.map((i) => byId.get(i.id) ?? i),
      pending: pending === 'add' ? [...s.pending, ...ids] : removeOnce(s.pending, ids),
    }));
  }

  private auditChanges(before: T[], after: T[]): void {
    const previous = new Map(before.map((i) => [i.id, i]));
    for (const item of after) {
      const old = previous.get(item.id);
      if (old) for (const change of sharingChanges(this.kind, old, item)) this.context.audit(change);
    }
  }
}

function removeOnce(list: string[], ids: string[]): string[] {
  const result = [...list];
  for (const id of ids) {
    const index = result.indexOf(id);
    if (index !== -1) result.splice(index, 1);
  }
  return result;
}

/** A record's attachments. */
export class AttachmentsStore extends CollectionStore<Attachment> {
  constructor(context: FacadeContext, record: RecordRef) {
    const b = context.backend;
    super(context, record, 'attachment', {
      list: (r, o) => b.listAttachments(r, o),
      patch: (id, set, o) => b.patchAttachment(id, set, o),
      bulk: (ids, set) => b.bulkUpdateAttachments(ids, set),
      remove: (id, o) => b.deleteAttachment(id, o),
    });
  }

  /** Renames one attachment (the server normalises the name). */
  async rename(id: string, name: string): Promise<Attachment> {
    return this.updateOne(id, { name }, 'attachment.rename');
  }
}

/** A record's notes. */
export class NotesStore extends CollectionStore<Note> {
  constructor(context: FacadeContext, record: RecordRef) {
    const b = context.backend;
    super(context, record, 'note', {
      list: (r, o) => b.listNotes(r, o),
      patch: (id, set, o) => b.patchNote(id, set, o),
      bulk: (ids, set) => b.bulkUpdateNotes(ids, set),
      remove: (id, o) => b.deleteNote(id, o),
    });
  }

  /** Writes a new note on the record (Hidden and not confidential unless asked). */
  async create(note: NoteCreate): Promise<Note> {
    const actions: Action[] = ['note.create'];
    if (note.portal === 'viewable') actions.push('note.share');
    if (note.confidential) actions.push('note.markConfidential');
    for (const action of actions) assertAllowed(this.context, action, []);
    try {
      const saved = await this.context.backend.createNote(this.record, note);
      this.upsert(saved);
      this.changed();
      return saved;
    } catch (error) {
      const failure = this.context.fail('note.create', error);
      this.state.setState((s) => ({ ...s, error: failure }));
      throw failure;
    }
  }

  /** Changes the text of a note (its author, or staff holding `notes.editOthers`). */
  async edit(id: string, body: string): Promise<Note> {
    return this.updateOne(id, { body }, 'note.edit');
  }
}
