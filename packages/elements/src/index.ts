/**
 * @attachkit/elements — Lit web components rendering @attachkit/sdk.
 *
 * Importing this module registers no tag: import `@attachkit/elements/define-all`
 * (or `@attachkit/elements/<name>/define`) for that.
 */
export { AkProvider, type ProviderStatus } from './components/provider/provider.js';
export { AkAttachmentList, previewableTypes, type SortKey, type SortDirection } from './components/attachment-list/attachment-list.js';
export { AkNoteList } from './components/note-list/note-list.js';
export { AkImageViewer } from './components/image-viewer/image-viewer.js';
export { AkUploader } from './components/uploader/uploader.js';
export { attachKitContext } from './context.js';
export { StoreController, type BindableStore } from './controllers/store-controller.js';
export * from './events/index.js';
export { tokens, controls, lightPalette, darkPalette } from './styles/tokens.js';
export {
  setLocale,
  getLocale,
  isRightToLeft,
  sourceLocale,
  targetLocales,
  allLocales,
  type LocaleCode,
  type SetLocaleOptions,
} from './localization/localization.js';
export { AkPermissionMatrix } from './components/permission-matrix/permission-matrix.js';
export { AkPortalSettings } from './components/portal-settings/portal-settings.js';
export { AkViewAs, type ViewAsClient } from './components/view-as/view-as.js';
