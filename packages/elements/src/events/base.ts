/** What every attachkit event shares: it bubbles and crosses shadow roots. */
export const eventInit = (cancelable: boolean): EventInit => ({ bubbles: true, composed: true, cancelable });

/** The kind of item a list action applies to. */
export type ItemKind = 'attachment' | 'note';
