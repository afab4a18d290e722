import { adminUser, defaultPortalSettings, type Attachment, type Note, type PortalClient, type StaffUser } from '../src/index.js';

/** Small builders for tests: valid values with the fields a test cares about overridden. */
let counter = 0;
export function attachment(overrides: Partial<Attachment> = {}): Attachment {
  counter++;
  return {
    id: `a-${counter}`,
    record: { type: 'job', id: 'J-1001' },
    clientId: 'client-a',
    name: `file-${counter}.pdf`,
    size: 1000 + counter,
    mimeType: 'application/pdf',
    checksum: 'a'.repeat(64),
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, counter)).toISOString(),
    createdBy: 'admin',
    portal: 'hidden',
    confidential: false,
    revision: 1,
    ...overrides,
  };
}

export function note(overrides: Partial<Note> = {}): Note {
  counter++;
  return {
    id: `n-${counter}`,
    record: { type: 'job', id: 'J-1001' },
    clientId: 'client-a',
    body: `Note ${counter}`,
    portal: 'hidden',
    confidential: false,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, counter)).toISOString(),
    createdBy: 'admin',
    revision: 1,
    ...overrides,
  };
}

export const admin: StaffUser = adminUser();
export const techWithout: StaffUser = {
  kind: 'staff',
  id: 'tech',
  name: 'Mobile Tech',
  grants: { mobile: ['attachments.view', 'attachments.upload', 'notes.view'] },
};
export const techWith: StaffUser = {
  kind: 'staff',
  id: 'tech-conf',
  name: 'Senior Tech',
  grants: { mobile: ['attachments.view', 'attachments.viewConfidential', 'attachments.upload', 'notes.view', 'notes.viewConfidential'] },
};
export const clientA: PortalClient = { kind: 'client', id: 'client-a' };
export const clientB: PortalClient = { kind: 'client', id: 'client-b' };
export const portalOn = { portalSettings: defaultPortalSettings };
export const records = [
  { type: 'job', id: 'J-1001', clientId: 'client-a' },
  { type: 'job', id: 'J-2001', clientId: 'client-b' },
];
