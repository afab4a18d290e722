import { createMemoryBackend, type AttachKitBackend } from '../src/index.js';
import { backendContract } from './contract/backend-contract.js';
import { contractApps, contractPaymentMethods, contractPrincipals, contractRecords, contractUsers } from './contract/contract-seed.js';

backendContract('memory', async () => {
  const backend = createMemoryBackend({
    principal: contractUsers.admin,
    users: Object.values(contractUsers),
    records: Object.values(contractRecords),
    apps: contractApps,
    paymentMethods: contractPaymentMethods,
  });
  const cache = new Map<string, AttachKitBackend>();
  return {
    as(name) {
      if (!cache.has(name)) cache.set(name, backend.as(contractPrincipals[name].principal, contractPrincipals[name].level));
      return cache.get(name)!;
    },
    moveRecord: (record, clientId) => backend.registerRecord({ ...record, clientId: clientId ?? null }),
    close: async () => {},
  };
});
