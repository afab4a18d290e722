/**
 * The host CRM's own data. attachkit does not own jobs, quotes or customers:
 * the host does. The demo keeps a few in code; the server learns which
 * customer each record belongs to through the same records (see
 * `demoRecords` in @attachkit/server).
 */
export interface HostCustomer {
  id: string;
  name: string;
}

export interface HostRecord {
  type: 'job' | 'quote';
  id: string;
  title: string;
  customerId: string | null;
  status: string;
  scheduled: string;
}

export const customers: HostCustomer[] = [
  { id: 'client-a', name: 'Harbour Café' },
  { id: 'client-b', name: 'Northside Dental' },
];

export const hostRecords: HostRecord[] = [
  { type: 'job', id: 'J-1001', title: 'Replace kitchen mixer tap', customerId: 'client-a', status: 'In progress', scheduled: '2026-11-26' },
  { type: 'job', id: 'J-1002', title: 'Fit new floor drain', customerId: 'client-a', status: 'Scheduled', scheduled: '2026-12-02' },
  { type: 'quote', id: 'Q-1001', title: 'Mixer tap replacement', customerId: 'client-a', status: 'Accepted', scheduled: '—' },
  { type: 'quote', id: 'Q-1002', title: 'Grease trap service plan', customerId: 'client-a', status: 'Sent', scheduled: '—' },
  { type: 'job', id: 'J-2001', title: 'Annual boiler service', customerId: 'client-b', status: 'Completed', scheduled: '2026-11-20' },
  {
    type: 'job',
    id: 'J-2002',
    title: 'X-ray room ventilation check',
    customerId: 'client-b',
    status: 'Scheduled',
    scheduled: '2026-12-05',
  },
  { type: 'quote', id: 'Q-2001', title: 'Compressor installation', customerId: 'client-b', status: 'Draft', scheduled: '—' },
  { type: 'job', id: 'J-9000', title: 'Workshop tidy-up (internal)', customerId: null, status: 'Open', scheduled: '—' },
];

/** Who can be signed in, with the demo bearer tokens documented in docs/demo.md. */
export const demoPrincipals = [
  { token: 'demo-admin', label: 'Olivia Office — office admin', kind: 'staff' },
  { token: 'demo-tech', label: 'Tom Tech — mobile, no confidential grant', kind: 'staff' },
  { token: 'demo-tech-confidential', label: 'Sara Senior Tech — mobile, confidential grant', kind: 'staff' },
  { token: 'demo-client-a', label: 'Harbour Café — portal client', kind: 'client', clientId: 'client-a' },
  { token: 'demo-client-b', label: 'Northside Dental — portal client', kind: 'client', clientId: 'client-b' },
] as const;
