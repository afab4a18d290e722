import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';

/**
 * The elements together, as a host CRM places them: the job card's
 * Attachments tab, the administration screens, and what a client sees.
 */
const meta: Meta = {
  title: 'Screens',
  parameters: { layout: 'padded' },
};
export default meta;
type Story = StoryObj;

const jobCard = () => html`<h2 style="margin-block: 0 0.5rem; font: 600 1.1rem system-ui">Job J-1001 · Attachments</h2>
  <ak-uploader record-type="job" record-id="J-1001"></ak-uploader>
  <ak-attachment-list record-type="job" record-id="J-1001"></ak-attachment-list>
  <h3 style="font: 600 1rem system-ui">Preview</h3>
  <ak-view-as record-type="job" record-id="J-1001" as="client:client-a"></ak-view-as>`;

/** The office administrator on the job card. */
export const JobCardAsAdmin: Story = { name: 'Job card (admin)', render: jobCard };

/** The same card for the mobile technician without the Confidential grant. */
export const JobCardAsTech: Story = { name: 'Job card (tech)', render: jobCard, parameters: { world: { as: 'tech' } } };

const administration = () => html`<ak-permission-matrix level="mobile"></ak-permission-matrix>
  <ak-portal-settings></ak-portal-settings>`;

/** Users' mobile permissions and the Client Permissions, as the administrator. */
export const Administration: Story = { render: administration, parameters: { world: { apps: ['workOrders'] } } };

/** What Acme Plumbing sees in the Customer Portal. */
export const CustomerPortal: Story = {
  name: 'Customer Portal (client)',
  render: () => html`<ak-attachment-list record-type="job" record-id="J-1001"></ak-attachment-list>`,
  parameters: { world: { as: 'clientA' } },
};

export const JobCardDarkArabic: Story = {
  name: 'Job card, dark theme, Arabic',
  render: jobCard,
  globals: { theme: 'dark', locale: 'ar' },
  tags: ['!autodocs'],
};
