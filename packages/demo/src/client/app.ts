/**
 * The demo host CRM: deliberately plain HTML and DOM code, to show how a host
 * embeds attachkit. The only attachkit code here is the import of the
 * elements and the tags themselves.
 */
import '@attachkit/elements/define-all';
import { customers, demoPrincipals, hostRecords, type HostRecord } from '../host-data.js';

const tokenKey = 'attachkit-demo-token';
const token = localStorage.getItem(tokenKey) ?? 'demo-admin';
const me = demoPrincipals.find((p) => p.token === token) ?? demoPrincipals[0];
const isClient = me.kind === 'client';

/** The demo page (public/index.html) lacks an element this script needs. */
function missing(selector: string): never {
  throw new Error(`The demo page has no ${selector}`);
}

const main = document.querySelector<HTMLElement>('#main') ?? missing('#main');
const provider = document.querySelector('ak-provider') ?? missing('ak-provider');
provider.setAttribute('base-url', location.origin);
provider.setAttribute('token', token);

// ------------------------------------------------------------ principal switcher

const switcher = document.querySelector<HTMLSelectElement>('#act-as') ?? missing('#act-as');
for (const principal of demoPrincipals) switcher.add(new Option(principal.label, principal.token, false, principal.token === token));
switcher.addEventListener('change', () => {
  localStorage.setItem(tokenKey, switcher.value);
  const next = demoPrincipals.find((p) => p.token === switcher.value);
  location.hash = next?.kind === 'client' ? '#/portal' : location.hash.startsWith('#/portal') ? '#/jobs' : location.hash;
  location.reload();
});
document.querySelectorAll<HTMLElement>('[data-staff-only]').forEach((el) => (el.hidden = isClient));

// ------------------------------------------------------------ helpers

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const customerName = (id: string | null) => customers.find((c) => c.id === id)?.name ?? 'Internal';
const recordLabel = (r: HostRecord) => `${r.type === 'job' ? 'Job' : 'Quote'} ${r.id}`;

function api<T>(path: string): Promise<T> {
  return fetch(path, { headers: { authorization: `Bearer ${token}` } }).then((response) => {
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    return response.json() as Promise<T>;
  });
}

function render(html: string, title: string): void {
  main.innerHTML = html;
  document.title = `${title} — FieldDesk demo`;
  main.querySelector<HTMLElement>('h1')?.focus();
  document
    .querySelectorAll('nav a')
    .forEach((a) => a.toggleAttribute('aria-current', location.hash.startsWith(a.getAttribute('href') ?? '#none')));
}

// ------------------------------------------------------------ pages

function jobsPage(): void {
  const rows = hostRecords
    .map(
      (r) => `<tr>
        <td><a href="#/records/${r.type}/${r.id}">${escape(recordLabel(r))}</a></td>
        <td>${escape(r.title)}</td><td>${escape(customerName(r.customerId))}</td><td>${escape(r.status)}</td><td>${escape(r.scheduled)}</td>
      </tr>`,
    )
    .join('');
  render(
    `<h1 tabindex="-1">Jobs and quotes</h1>
     <table class="grid"><thead><tr><th>Number</th><th>Title</th><th>Customer</th><th>Status</th><th>Scheduled</th></tr></thead><tbody>${rows}</tbody></table>`,
    'Jobs',
  );
}

function recordPage(type: string, id: string, tab: string): void {
  const record = hostRecords.find((r) => r.type === type && r.id === id);
  if (!record) return notFound();
  const base = `#/records/${type}/${id}`;
  const tabs = [
    ['details', 'Details'],
    ['attachments', 'Attachments'],
  ]
    .map(([key, label]) => `<a role="tab" href="${base}/${key}" aria-selected="${tab === key}" class="tab">${label}</a>`)
    .join('');
  const body =
    tab === 'attachments'
      ? `<ak-uploader record-type="${type}" record-id="${id}" capture></ak-uploader>
         <ak-attachment-list record-type="${type}" record-id="${id}"></ak-attachment-list>`
      : `<dl class="details"><dt>Customer</dt><dd>${escape(customerName(record.customerId))}</dd>
           <dt>Status</dt><dd>${escape(record.status)}</dd><dt>Scheduled</dt><dd>${escape(record.scheduled)}</dd></dl>`;
  render(
    `<p class="crumbs"><a href="#/jobs">Jobs</a> › ${escape(recordLabel(record))}</p>
     <h1 tabindex="-1">${escape(recordLabel(record))}: ${escape(record.title)}</h1>
     <div role="tablist" aria-label="Job card">${tabs}</div>
     <section role="tabpanel" class="card">${body}</section>`,
    recordLabel(record),
  );
}

async function usersPage(): Promise<void> {
  render(`<p class="crumbs">Administration › Users</p><h1 tabindex="-1">Users</h1><p>Loading users…</p>`, 'Users');
  try {
    const users = await api<{ id: string; name: string }[]>('/api/users');
    const rows = users
      .map((u) => `<tr><td>${escape(u.name)}</td><td><a class="button" href="#/admin/users/${encodeURIComponent(u.id)}">View</a></td></tr>`)
      .join('');
    render(
      `<p class="crumbs">Administration › Users</p><h1 tabindex="-1">Users</h1>
       <table class="grid"><thead><tr><th>Name</th><th><span class="visually-hidden">Actions</span></th></tr></thead><tbody>${rows}</tbody></table>`,
      'Users',
    );
  } catch (error) {
    render(`<h1 tabindex="-1">Users</h1><p role="alert">You may not see the users: ${escape(String(error))}</p>`, 'Users');
  }
}

async function userPage(userId: string): Promise<void> {
  const users = await api<{ id: string; name: string }[]>('/api/users').catch(() => []);
  const user = users.find((u) => u.id === userId);
  if (!user) {
    notFound();
    return;
  }
  render(
    `<p class="crumbs">Administration › <a href="#/admin/users">Users</a> › ${escape(user.name)}</p>
     <h1 tabindex="-1">${escape(user.name)}</h1>
     <div class="columns">
       <section class="card"><h2>Access details</h2><dl class="details"><dt>User id</dt><dd>${escape(user.id)}</dd></dl></section>
       <section class="card" aria-label="Mobile Access Level Permissions">
         <ak-permission-matrix level="mobile" user-id="${escape(user.id)}"></ak-permission-matrix></section>
     </div>`,
    user.name,
  );
}

function clientSettingsPage(): void {
  render(
    `<p class="crumbs">Clients › Client Settings</p><h1 tabindex="-1">Client Settings</h1>
     <ul class="cards"><li><a class="card" href="#/clients/settings/permissions"><strong>Client Permissions</strong><br>What clients may do in their portal</a></li></ul>`,
    'Client Settings',
  );
}

function clientPermissionsPage(): void {
  render(
    `<p class="crumbs">Clients › <a href="#/clients/settings">Client Settings</a> › Client Permissions</p>
     <h1 tabindex="-1">Client Permissions</h1><section class="card"><ak-portal-settings></ak-portal-settings></section>`,
    'Client Permissions',
  );
}

function portalPage(): void {
  if (!isClient) {
    render(
      `<h1 tabindex="-1">Customer Portal</h1><p>The Customer Portal is what your customers see. Choose a portal client in “Act as” to sign in as one.</p>`,
      'Customer Portal',
    );
    return;
  }
  const clientId = 'clientId' in me ? me.clientId : '';
  const mine = hostRecords.filter((r) => r.customerId === clientId);
  const sections = mine
    .map(
      (r) => `<section class="card portal-record"><h2>${escape(recordLabel(r))}: ${escape(r.title)}</h2>
        <ak-attachment-list record-type="${r.type}" record-id="${r.id}"></ak-attachment-list></section>`,
    )
    .join('');
  render(
    `<h1 tabindex="-1">Welcome, ${escape(customerName(clientId))}</h1><p>Files and notes shared with you.</p>${sections}`,
    'Customer Portal',
  );
}

function notFound(): void {
  render(`<h1 tabindex="-1">Not found</h1><p><a href="#/jobs">Back to the jobs</a></p>`, 'Not found');
}

function route(): void {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (isClient && parts[0] !== 'portal') {
    location.hash = '#/portal';
    return;
  }
  switch (parts[0]) {
    case 'records':
      return recordPage(parts[1] ?? '', parts[2] ?? '', parts[3] ?? 'attachments');
    case 'admin':
      return parts[2] ? void userPage(parts[2]) : void usersPage();
    case 'clients':
      return parts[2] === 'permissions' ? clientPermissionsPage() : clientSettingsPage();
    case 'portal':
      return portalPage();
    case 'jobs':
    case '':
      return jobsPage();
    default:
      return notFound();
  }
}

window.addEventListener('hashchange', route);
route();
