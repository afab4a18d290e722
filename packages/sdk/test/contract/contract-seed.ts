import { adminUser, type AccessLevel, type Principal, type StaffUser } from '../../src/index.js';

/**
 * The world every backend under contract test starts from. The HTTP fixture
 * seeds the reference server with the same data, and Storybook's world
 * (stories/fixtures/world.ts) is built from the same people and records:
 * Olivia Office (admin), Marco Mobile (a mobile tech without the Confidential
 * grant) and Sana Senior (a mobile tech with it) mean the same in a story and
 * in a contract test. Names are for people reading a story; tests use the ids.
 */
export const contractRecords = {
  jobA: { type: 'job', id: 'J-1001', clientId: 'client-a' },
  quoteA: { type: 'quote', id: 'Q-1001', clientId: 'client-a' },
  jobB: { type: 'job', id: 'J-2001', clientId: 'client-b' },
  internal: { type: 'job', id: 'J-9000', clientId: null },
} as const;

export const contractUsers: Record<'admin' | 'tech' | 'techConfidential', StaffUser> = {
  admin: adminUser(undefined, 'u-admin', 'Olivia Office'),
  tech: {
    kind: 'staff',
    id: 'u-tech',
    name: 'Marco Mobile',
    grants: { mobile: ['attachments.view', 'attachments.upload', 'notes.view', 'notes.create'] },
  },
  techConfidential: {
    kind: 'staff',
    id: 'u-senior',
    name: 'Sana Senior',
    grants: {
      mobile: [
        'attachments.view',
        'attachments.viewConfidential',
        'attachments.upload',
        'notes.view',
        'notes.viewConfidential',
        'notes.create',
      ],
    },
  },
};

export type ContractPrincipalName = 'admin' | 'tech' | 'techConfidential' | 'clientA' | 'clientB';

export const contractPrincipals: Record<ContractPrincipalName, { principal: Principal; level: AccessLevel }> = {
  admin: { principal: contractUsers.admin, level: 'web' },
  tech: { principal: contractUsers.tech, level: 'mobile' },
  techConfidential: { principal: contractUsers.techConfidential, level: 'mobile' },
  clientA: { principal: { kind: 'client', id: 'client-a' }, level: 'web' },
  clientB: { principal: { kind: 'client', id: 'client-b' }, level: 'web' },
};

export const contractApps = ['workOrders'];
export const contractPaymentMethods = ['card'];
