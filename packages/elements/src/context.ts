import { createContext } from '@lit/context';
import type { AttachKit } from '@attachkit/sdk';

/**
 * The @lit/context key under which `<ak-provider>` gives the `AttachKit`
 * instance to its descendants. Context carries services; attributes carry data.
 */
export const attachKitContext = createContext<AttachKit | undefined>(Symbol.for('attachkit.kit'));
