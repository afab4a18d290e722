import { html } from 'lit';
import { setCustomElementsManifest, type Decorator, type Loader, type Preview, type StoryContext } from '@storybook/web-components-vite';
import '@attachkit/elements/define-all';
import { darkPalette, lightPalette, setLocale } from '@attachkit/elements';
import type { AttachKit } from '@attachkit/sdk';
import manifest from '@attachkit/elements/custom-elements.json';
import { storyKit, type StoryWorld } from '../stories/fixtures/world.js';

// ---------------------------------------------------------------------------------------------
// custom-elements.json → autodocs and controls. The analyzer lists private fields and the
// property twin of every attribute; keep what a host can use, once (attributes win).

interface ManifestMember {
  kind: string;
  name: string;
  privacy?: string;
  static?: boolean;
}
interface ManifestDeclaration {
  tagName?: string;
  members?: ManifestMember[];
  attributes?: { name: string; fieldName?: string }[];
  events?: { name: string }[];
}
interface Manifest {
  modules: { declarations?: ManifestDeclaration[] }[];
}

function publicManifest(source: Manifest): Manifest {
  return {
    ...source,
    modules: source.modules.map((module) => ({
      ...module,
      declarations: module.declarations?.map((declaration) => {
        const reflected = new Set((declaration.attributes ?? []).map((a) => a.fieldName).filter(Boolean));
        return {
          ...declaration,
          members: declaration.members?.filter(
            (m) => !m.static && m.privacy !== 'private' && m.privacy !== 'protected' && !reflected.has(m.name),
          ),
        };
      }),
    })),
  };
}

const elementsManifest = publicManifest(manifest as unknown as Manifest);
setCustomElementsManifest(elementsManifest);

// ---------------------------------------------------------------------------------------------
// Events → the Actions panel. Storybook derives an `onAkShare`-style arg (an action) from each
// `@fires` of the manifest; every ak-* event bubbles and is composed, so one listener per name
// on the document hands it to the args of the story it came from.

const handlerName = (event: string) => `on${event.replace(/(?:^|-)([a-z])/g, (_, c: string) => c.toUpperCase())}`;
type StoryHost = HTMLElement & { akArgs?: Record<string, unknown> };
const eventNames = new Set(
  elementsManifest.modules.flatMap((m) => (m.declarations ?? []).flatMap((d) => (d.events ?? []).map((e) => e.name))),
);
for (const name of eventNames) {
  document.addEventListener(name, (event) => {
    const host = event.composedPath().find((n): n is StoryHost => n instanceof HTMLElement && 'akArgs' in n);
    const handler = host?.akArgs?.[handlerName(name)];
    if (typeof handler === 'function') (handler as (event: Event) => void)(event);
  });
}

// ---------------------------------------------------------------------------------------------
// One memory-backend AttachKit per story (`parameters.world`), kept while the story is shown so
// that changing a control or a toolbar switch keeps what the designer did; a fresh one when
// another story is opened.

const kits = new Map<string, AttachKit>();
let shownStory = '';

function kitFor(context: StoryContext): AttachKit {
  if (context.viewMode === 'story' && shownStory !== context.id) {
    kits.clear();
    shownStory = context.id;
  }
  let kit = kits.get(context.id);
  if (!kit) {
    kit = storyKit((context.parameters.world ?? {}) as StoryWorld).kit;
    kits.set(context.id, kit);
  }
  return kit;
}

const palettes = { light: lightPalette, dark: darkPalette };

/** Theme (data-theme, as a host would set it) and the `<ak-provider>` every story renders in. */
const withAttachKit: Decorator = (story, context) => {
  const theme: 'light' | 'dark' = context.globals.theme === 'dark' ? 'dark' : 'light';
  if (context.viewMode === 'story') {
    // The page around the elements follows the theme too (the elements paint their own surface).
    document.body.style.background = palettes[theme].surface;
    document.body.style.color = palettes[theme].text;
  }
  const inner = context.parameters.provider === false ? story() : html`<ak-provider .kit=${kitFor(context)}>${story()}</ak-provider>`;
  // `parameters.width` (CSS px) sets the width the host gives the elements: they adapt to their own
  // width (container queries), so a 390 px story is what a phone shows, in any viewport.
  const width = typeof context.parameters.width === 'number' ? `inline-size: ${context.parameters.width}px; max-inline-size: 100%;` : '';
  return html`<div class="ak-story" data-theme=${theme} style=${width} .akArgs=${context.args}>${inner}</div>`;
};

/** The locale switch: the elements' own `setLocale` (it also sets `<html lang dir>`). */
const localeLoader: Loader = async (context) => {
  await setLocale(context.globals.locale === 'ar' ? 'ar' : 'en');
  return {};
};

const preview: Preview = {
  tags: ['autodocs'],
  decorators: [withAttachKit],
  loaders: [localeLoader],
  globalTypes: {
    theme: {
      description: 'attachkit theme (data-theme on an ancestor)',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
        ],
        dynamicTitle: true,
      },
    },
    locale: {
      description: 'attachkit locale (Arabic lays out right to left)',
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        items: [
          { value: 'en', title: 'English', right: 'LTR' },
          { value: 'ar', title: 'العربية (Arabic)', right: 'RTL' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light', locale: 'en' },
  parameters: {
    layout: 'padded',
    controls: { expanded: true, sort: 'requiredFirst' },
    a11y: { test: 'error' },
    docs: { toc: true },
    // The widths the elements are checked at (Storybook's viewport toolbar).
    viewport: {
      options: {
        phone320: { name: 'Small phone (320 px)', styles: { width: '320px', height: '640px' }, type: 'mobile' },
        phone390: { name: 'Phone (390 px)', styles: { width: '390px', height: '844px' }, type: 'mobile' },
        tablet768: { name: 'Tablet (768 px)', styles: { width: '768px', height: '1024px' }, type: 'tablet' },
        desktop1280: { name: 'Desktop (1280 px)', styles: { width: '1280px', height: '800px' }, type: 'desktop' },
      },
    },
  },
};

export default preview;
