/*
 * Hints between the tabs of one browser that a record's attachments or notes
 * changed, so that a tab showing that record reloads it from the server.
 *
 * A tab that commits an upload, a change or a delete posts `{ list, record }`
 * on a BroadcastChannel named after the kit's server (one origin's tabs share
 * it). A tab that hears it reloads its store of that record — if it has one
 * loaded — with a normal request under its own principal: the message never
 * carries data and is never shown; the server decides what each tab may see.
 * A message that is not such a hint is ignored. Without BroadcastChannel (Node
 * without it, old browsers) or without a server (the memory backend: each tab
 * has its own world) nothing is posted and nothing heard.
 *
 * The channel is open only while a store of the kit is watched (a list on
 * screen), so a kit nobody shows any more holds no channel and makes no
 * requests; posting without it opens one for the message.
 */
import * as z from 'zod/mini';
import { RecordRefSchema, type RecordRef } from '../model/schemas.js';

/** Which list of which record changed. */
export interface RecordChange {
  list: 'attachments' | 'notes';
  record: RecordRef;
}

// Other fields (a later version's, or anything a script of the origin adds) are not read.
const RecordChangeSchema = z.object({
  kind: z.literal('attachkit.record-changed'),
  list: z.enum(['attachments', 'notes']),
  record: RecordRefSchema,
});

/** As much of BroadcastChannel as is used (the SDK compiles without the DOM: read from `globalThis`). */
interface Channel {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(message: unknown): void;
  close(): void;
  /** Node: the channel does not keep the process running. */
  unref?(): void;
}
type ChannelConstructor = new (name: string) => Channel;

const broadcastChannel = (): ChannelConstructor | undefined => {
  const constructor = (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel;
  return typeof constructor === 'function' ? (constructor as ChannelConstructor) : undefined;
};

/** The channel name of a server's hints. */
export const recordChangesChannel = (server: string) => `attachkit:record-changes:${server}`;

export class RecordChanges {
  private readonly name: string | undefined;
  private readonly Channel = broadcastChannel();
  private readonly onChange: (change: RecordChange) => void;
  private channel: Channel | undefined;
  private watchers = 0;

  /** `server`: the backend's (undefined: none, nothing is sent). `onChange`: a hint from another tab. */
  constructor(server: string | undefined, onChange: (change: RecordChange) => void) {
    this.name = server === undefined ? undefined : recordChangesChannel(server);
    this.onChange = onChange;
  }

  /** Tells the other tabs that `change.list` of `change.record` changed. */
  changed(change: RecordChange): void {
    if (!this.Channel || this.name === undefined) return;
    const message = { kind: 'attachkit.record-changed', list: change.list, record: { type: change.record.type, id: change.record.id } };
    if (this.channel) {
      this.channel.postMessage(message);
      return;
    }
    // Nothing watched here: a channel for this message (it is delivered after the close).
    const channel = new this.Channel(this.name);
    channel.postMessage(message);
    channel.close();
  }

  /** Hears the other tabs while at least one caller watches; returns the function that stops watching (once). */
  watch(): () => void {
    if (!this.Channel || this.name === undefined) return () => {};
    if (this.watchers++ === 0) {
      const channel = (this.channel = new this.Channel(this.name));
      channel.unref?.();
      channel.onmessage = ({ data }) => {
        const parsed = RecordChangeSchema.safeParse(data);
        if (parsed.success) this.onChange({ list: parsed.data.list, record: parsed.data.record });
      };
    }
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      if (--this.watchers === 0) {
        this.channel?.close();
        this.channel = undefined;
      }
    };
  }
}
