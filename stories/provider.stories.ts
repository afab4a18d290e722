import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { storyKit, type StoryWorld } from './fixtures/world.js';
import { forever } from './support/story-helpers.js';

/**
 * `<ak-provider>` gives an AttachKit to the elements inside it. These stories
 * give it a memory *backend* (the provider connects by itself: session,
 * catalog, portal settings), so its own states show; the other stories give
 * it a ready `kit`.
 */
const meta: Meta = {
  title: 'Elements/Provider',
  component: 'ak-provider',
  argTypes: {
    'base-url': { control: false },
    token: { control: false },
    kit: { control: false },
    backend: { control: false },
    restrictions: { control: false },
    status: { control: false },
    'data-theme': { control: false },
  },
  render: (_args, context) => {
    const { backend } = storyKit((context.parameters.world ?? {}) as StoryWorld);
    return html`<ak-provider .backend=${backend}>
      <ak-attachment-list record-type="job" record-id="J-1001" hide-notes></ak-attachment-list>
    </ak-provider>`;
  },
  parameters: {
    provider: false,
    docs: {
      description: {
        component: 'Provides the AttachKit through @lit/context: from `kit`, from a `backend`, or from `base-url` + `token` (HTTP).',
      },
    },
  },
};
export default meta;
type Story = StoryObj;

/** Connected through a backend: the list inside it renders. */
export const Connected: Story = {};

/** The backend does not answer: "Connecting…". */
export const Connecting: Story = { parameters: { world: { latencyMs: forever } } };

/** The backend cannot be reached: the connection error with Retry. */
export const ConnectError: Story = { name: 'Connect error (offline)', parameters: { world: { offline: true } } };

/** An element with no provider and no `kit` says what it waits for. */
export const NoProvider: Story = {
  name: 'Element without a provider',
  render: () => html`<ak-attachment-list record-type="job" record-id="J-1001"></ak-attachment-list>`,
};
