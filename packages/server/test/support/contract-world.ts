import type { AttachKitBackend } from '@attachkit/sdk';
import type { Caller } from '../../src/index.js';
import type { ContractWorld } from '../../../sdk/test/contract/backend-contract.js';
import {
  contractApps,
  contractPaymentMethods,
  contractPrincipals,
  contractRecords,
  contractUsers,
  type ContractPrincipalName,
} from '../../../sdk/test/contract/contract-seed.js';
import { startServer, type StartOptions } from './harness.js';

const tokenOf = (name: ContractPrincipalName) => `contract-${name}`;

/** A fresh reference server seeded with the contract world, on the storage `options` choose (default: SQLite + disk). */
export async function contractServerWorld(options: Pick<StartOptions, 'metadata' | 'blobs'> = {}): Promise<ContractWorld> {
  const tokens: Record<string, Caller> = {};
  for (const [name, session] of Object.entries(contractPrincipals)) tokens[tokenOf(name as ContractPrincipalName)] = session;
  const server = await startServer({ ...options, tokens, portal: { apps: contractApps, paymentMethods: contractPaymentMethods } });
  const { store, records } = server.app.attachkit;
  for (const user of Object.values(contractUsers)) await store.putUser(user, []);
  for (const record of Object.values(contractRecords)) await records.put(record);
  const cache = new Map<ContractPrincipalName, AttachKitBackend>();
  return {
    as(name) {
      if (!cache.has(name)) cache.set(name, server.backend(tokenOf(name)));
      return cache.get(name)!;
    },
    moveRecord: async (record, clientId) => records.put({ ...record, clientId: clientId ?? null }),
    close: () => server.close(),
  };
}
