import { adminUser } from '@attachkit/sdk';
import { startServer, type StartOptions, type TestServer } from './harness.js';

/** A server with one administrator (token `admin`) and job J-1001 of client-a. */
export async function startAdminWorld(options: Omit<StartOptions, 'tokens'> = {}): Promise<TestServer> {
  const admin = adminUser(undefined, 'u-admin', 'Admin');
  const server = await startServer({ ...options, tokens: { admin: { principal: admin, level: 'web' } } });
  await server.app.attachkit.store.putUser(admin, []);
  await server.app.attachkit.records.put({ type: 'job', id: 'J-1001', clientId: 'client-a' });
  return server;
}
