import { Readable } from 'node:stream';
import { adminUser, type Attachment, type Session, type StaffUser } from '@attachkit/sdk';
import { createServer, type AttachKitServer, type CreateServerOptions } from '../app.js';
import { createBearerAuthenticator, type Caller } from '../auth/authenticate.js';
import type { RegisteredRecord } from '../storage/record-directory.js';
import { ingestUpload } from '../upload/ingest.js';
import { makeDocx, makePdf, makePng } from './demo-files.js';

/** The demo's staff users (documented in docs/demo.md). */
export const demoUsers: Record<'admin' | 'tech' | 'techConfidential', StaffUser> = {
  admin: adminUser(undefined, 'u-admin', 'Olivia Office (admin)'),
  tech: {
    kind: 'staff',
    id: 'u-tech',
    name: 'Tom Tech',
    grants: { mobile: ['attachments.view', 'attachments.upload', 'attachments.rename', 'notes.view', 'notes.create'] },
  },
  techConfidential: {
    kind: 'staff',
    id: 'u-tech-confidential',
    name: 'Sara Senior Tech',
    grants: {
      mobile: [
        'attachments.view',
        'attachments.viewConfidential',
        'attachments.upload',
        'attachments.rename',
        'notes.view',
        'notes.viewConfidential',
        'notes.create',
      ],
    },
  },
};

/** Bearer token → caller, in demo mode. Never use these outside a demo. */
export const demoTokens: Readonly<Record<string, Caller>> = Object.freeze({
  'demo-admin': { principal: demoUsers.admin, level: 'web' },
  'demo-tech': { principal: demoUsers.tech, level: 'mobile' },
  'demo-tech-confidential': { principal: demoUsers.techConfidential, level: 'mobile' },
  'demo-client-a': { principal: { kind: 'client', id: 'client-a', name: 'Harbour Café' }, level: 'web' },
  'demo-client-b': { principal: { kind: 'client', id: 'client-b', name: 'Northside Dental' }, level: 'web' },
  'demo-host': { host: true, id: 'demo-host' },
});

/** The demo's `authenticate` hook: the bearer tokens above. */
export const demoAuthenticate = createBearerAuthenticator(demoTokens);

/** The demo's host records: two customers with jobs and quotes, and one internal job. */
export const demoRecords: RegisteredRecord[] = [
  { type: 'job', id: 'J-1001', clientId: 'client-a' },
  { type: 'job', id: 'J-1002', clientId: 'client-a' },
  { type: 'quote', id: 'Q-1001', clientId: 'client-a' },
  { type: 'quote', id: 'Q-1002', clientId: 'client-a' },
  { type: 'job', id: 'J-2001', clientId: 'client-b' },
  { type: 'job', id: 'J-2002', clientId: 'client-b' },
  { type: 'quote', id: 'Q-2001', clientId: 'client-b' },
  { type: 'job', id: 'J-9000', clientId: null },
];

export const demoApps = ['workOrders'];
export const demoPaymentMethods = ['card', 'bankTransfer'];

interface Sharing {
  portal?: 'viewable';
  confidential?: true;
}

interface DemoFile extends Sharing {
  record: string;
  name: string;
  bytes: () => Uint8Array;
}

const ref = (key: string) => {
  const [recordType, recordId] = key.split(':') as [string, string];
  return { type: recordType, id: recordId };
};

const demoFiles: DemoFile[] = [
  { record: 'job:J-1001', name: 'before-photo.png', portal: 'viewable', bytes: () => makePng(64, 48, [40, 90, 160], [200, 220, 240]) },
  { record: 'job:J-1001', name: 'after-photo.png', portal: 'viewable', bytes: () => makePng(64, 48, [30, 140, 80], [220, 240, 200]) },
  {
    record: 'job:J-1001',
    name: 'Quote Q-1001.pdf',
    portal: 'viewable',
    bytes: () => makePdf('Quote Q-1001', ['Harbour Cafe', 'Replace kitchen mixer tap: $240.00', 'Valid for 30 days.']),
  },
  {
    record: 'job:J-1001',
    name: 'site-notes.docx',
    bytes: () => makeDocx(['Site notes for J-1001', 'Water main shut-off is behind the coolroom.']),
  },
  {
    record: 'job:J-1001',
    name: 'internal-costing.pdf',
    confidential: true,
    bytes: () => makePdf('Internal costing J-1001', ['Labour 2.5 h at $65', 'Margin 38%']),
  },
  {
    record: 'job:J-1001',
    name: 'damage-claim.png',
    portal: 'viewable',
    confidential: true,
    bytes: () => makePng(32, 32, [180, 40, 40], [250, 200, 180]),
  },
  { record: 'job:J-1002', name: 'floor-plan.png', bytes: () => makePng(80, 60, [90, 90, 90], [250, 250, 250]) },
  {
    record: 'quote:Q-1001',
    name: 'Quote Q-1001 signed.pdf',
    portal: 'viewable',
    bytes: () => makePdf('Quote Q-1001 (signed)', ['Accepted by the customer.']),
  },
  { record: 'job:J-2001', name: 'boiler-photo.png', portal: 'viewable', bytes: () => makePng(64, 48, [160, 100, 40], [250, 230, 200]) },
  {
    record: 'job:J-2001',
    name: 'service-report.docx',
    portal: 'viewable',
    bytes: () => makeDocx(['Service report J-2001', 'Boiler serviced; pressure 1.4 bar.']),
  },
  {
    record: 'job:J-2001',
    name: 'dispute-letter.pdf',
    confidential: true,
    bytes: () => makePdf('Letter regarding invoice INV-2001', ['The customer disputes the call-out fee.']),
  },
  { record: 'job:J-2002', name: 'x-ray-room.png', confidential: true, bytes: () => makePng(48, 48, [20, 20, 60], [120, 160, 220]) },
  {
    record: 'quote:Q-2001',
    name: 'Quote Q-2001.pdf',
    bytes: () => makePdf('Quote Q-2001', ['Northside Dental', 'Install compressor: $1,850.00']),
  },
];

const demoNotes: ({ record: string; body: string } & Sharing)[] = [
  { record: 'job:J-1001', body: 'Gate code 4412. Ring the bell at the side door.', portal: 'viewable' },
  { record: 'job:J-1001', body: 'Parts ordered from the wholesaler; arriving Thursday.' },
  { record: 'job:J-1001', body: 'Customer is disputing the previous call-out fee.', confidential: true },
  { record: 'job:J-2001', body: 'Access via the rear lane; park in bay 3.', portal: 'viewable' },
  { record: 'job:J-2001', body: 'Practice manager asked for an itemised invoice.', confidential: true },
  { record: 'quote:Q-2001', body: 'Quote includes two years of servicing.', portal: 'viewable' },
];

/**
 * Seeds the demo world into a fresh server (does nothing when users exist):
 * users, records, portal settings, real PNG/PDF/DOCX attachments stored
 * through the same upload pipeline as HTTP uploads, and shared notes.
 */
export async function seedDemo(app: AttachKitServer): Promise<boolean> {
  // Several processes may start on one database at once: the first to take the lock seeds, the others find users.
  return app.attachkit.exclusive('demo-seed', () => seedFresh(app));
}

async function seedFresh(app: AttachKitServer): Promise<boolean> {
  const { store, records, service, blobs, restrictions } = app.attachkit;
  if ((await store.listUsers()).length > 0) return false;
  for (const user of Object.values(demoUsers)) await store.putUser(user, []);
  for (const record of demoRecords) await records.put(record);
  const portal = await store.getPortalSettings();
  await store.putPortalSettings({ ...portal, apps: demoApps, paymentMethods: demoPaymentMethods }, []);

  const admin: Session = { principal: demoUsers.admin, level: 'web' };
  const uploaded: Attachment[] = [];
  for (const file of demoFiles) {
    const draft = await service.prepareUpload(admin, ref(file.record), { name: file.name });
    let attachment = await ingestUpload({
      service,
      blobs,
      draft,
      source: Readable.from([Buffer.from(file.bytes())]),
      maxBytes: restrictions.maxBytes,
    });
    const sharing = { ...(file.portal ? { portal: file.portal } : {}), ...(file.confidential ? { confidential: true } : {}) };
    if (Object.keys(sharing).length > 0) attachment = await service.patchAttachment(admin, attachment.id, sharing);
    uploaded.push(attachment);
  }
  for (const note of demoNotes) {
    await service.createNote(admin, ref(note.record), {
      body: note.body,
      ...(note.portal ? { portal: note.portal } : {}),
      ...(note.confidential ? { confidential: true } : {}),
    });
  }
  return uploaded.length > 0;
}

/** A server in demo mode: demo tokens, demo records, seeded on first start. */
export async function createDemoServer(
  options: Omit<CreateServerOptions, 'authenticate'> & { authenticate?: CreateServerOptions['authenticate'] },
): Promise<AttachKitServer> {
  const app = await createServer({ ...options, authenticate: options.authenticate ?? demoAuthenticate });
  await seedDemo(app);
  return app;
}
