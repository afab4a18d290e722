/**
 * React components for the attachkit elements, made with `@lit/react`.
 *
 * ```tsx
 * import { AttachmentList, Provider } from '@attachkit/elements/react';
 *
 * <Provider baseUrl="https://crm.example.com" token={token} onAkError={(e) => report(e.error)}>
 *   <AttachmentList recordType="job" recordId="J-1001" onAkShare={(e) => console.log(e.ids, e.portal)} />
 * </Provider>
 * ```
 *
 * Every element property is a prop (set as a property, so objects such as
 * `kit` or `backend` pass through as they are), and every event the element
 * fires is an `onAk…` prop receiving the typed event class (`AkShareEvent`…).
 * Cancelable events are vetoed with `event.preventDefault()`.
 *
 * Importing this module registers the `ak-*` tags (as `define-all` does).
 * `react` (17 or newer) is a peer dependency.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { AkAttachmentList } from '../components/attachment-list/define.js';
import { AkPermissionMatrix } from '../components/permission-matrix/define.js';
import { AkPortalSettings } from '../components/portal-settings/define.js';
import { AkProvider } from '../components/provider/define.js';
import { AkUploader } from '../components/uploader/define.js';
import { AkViewAs } from '../components/view-as/define.js';
import {
  AkConfidentialEvent,
  AkDeleteEvent,
  AkDownloadEvent,
  AkErrorEvent,
  AkGrantChangeEvent,
  AkPortalSettingChangeEvent,
  AkPreviewEvent,
  AkReadyEvent,
  AkSelectionChangeEvent,
  AkShareEvent,
  AkUploadAddEvent,
  AkUploadCompleteEvent,
  AkUploadRejectedEvent,
  AkViewAsChangeEvent,
} from '../events/index.js';

/** The event name of an event class, typed so that its `on…` prop receives that class. */
const eventOf = <T extends Event>(type: { eventName: string; prototype: T }) => type.eventName as EventName<T>;

/** `onAkReady`, `onAkError` */
export const providerEvents = {
  onAkReady: eventOf(AkReadyEvent),
  onAkError: eventOf(AkErrorEvent),
};

/** `onAkShare`, `onAkConfidential`, `onAkDelete`, `onAkDownload`, `onAkPreview`, `onAkSelectionChange`, `onAkError` */
export const attachmentListEvents = {
  onAkShare: eventOf(AkShareEvent),
  onAkConfidential: eventOf(AkConfidentialEvent),
  onAkDelete: eventOf(AkDeleteEvent),
  onAkDownload: eventOf(AkDownloadEvent),
  onAkPreview: eventOf(AkPreviewEvent),
  onAkSelectionChange: eventOf(AkSelectionChangeEvent),
  onAkError: eventOf(AkErrorEvent),
};

/** `onAkUploadAdd`, `onAkUploadComplete`, `onAkUploadRejected`, `onAkError` */
export const uploaderEvents = {
  onAkUploadAdd: eventOf(AkUploadAddEvent),
  onAkUploadComplete: eventOf(AkUploadCompleteEvent),
  onAkUploadRejected: eventOf(AkUploadRejectedEvent),
  onAkError: eventOf(AkErrorEvent),
};

/** `onAkGrantChange`, `onAkError` */
export const permissionMatrixEvents = {
  onAkGrantChange: eventOf(AkGrantChangeEvent),
  onAkError: eventOf(AkErrorEvent),
};

/** `onAkPortalSettingChange`, `onAkError` */
export const portalSettingsEvents = {
  onAkPortalSettingChange: eventOf(AkPortalSettingChangeEvent),
  onAkError: eventOf(AkErrorEvent),
};

/** `onAkViewAsChange` */
export const viewAsEvents = {
  onAkViewAsChange: eventOf(AkViewAsChangeEvent),
};

/** `<ak-provider>`: gives an `AttachKit` to the elements inside it (`kit`, `backend`, or `baseUrl` + `token`). */
export const Provider = createComponent({
  react: React,
  tagName: 'ak-provider',
  elementClass: AkProvider,
  events: providerEvents,
  displayName: 'AkProvider',
});

/** `<ak-attachment-list>`: a record's attachments and shared notes (`recordType`, `recordId`). */
export const AttachmentList = createComponent({
  react: React,
  tagName: 'ak-attachment-list',
  elementClass: AkAttachmentList,
  events: attachmentListEvents,
  displayName: 'AkAttachmentList',
});

/** `<ak-uploader>`: select, drop or paste files to attach them to a record (`recordType`, `recordId`). */
export const Uploader = createComponent({
  react: React,
  tagName: 'ak-uploader',
  elementClass: AkUploader,
  events: uploaderEvents,
  displayName: 'AkUploader',
});

/** `<ak-permission-matrix>`: users × permissions of one access level (`level`). */
export const PermissionMatrix = createComponent({
  react: React,
  tagName: 'ak-permission-matrix',
  elementClass: AkPermissionMatrix,
  events: permissionMatrixEvents,
  displayName: 'AkPermissionMatrix',
});

/** `<ak-portal-settings>`: the client-portal switches. */
export const PortalSettings = createComponent({
  react: React,
  tagName: 'ak-portal-settings',
  elementClass: AkPortalSettings,
  events: portalSettingsEvents,
  displayName: 'AkPortalSettings',
});

/** `<ak-view-as>`: what a client or another staff user would see of a record (`recordType`, `recordId`). */
export const ViewAs = createComponent({
  react: React,
  tagName: 'ak-view-as',
  elementClass: AkViewAs,
  events: viewAsEvents,
  displayName: 'AkViewAs',
});

/** The props of each component, for hosts that wrap them. */
export type ProviderProps = React.ComponentProps<typeof Provider>;
export type AttachmentListProps = React.ComponentProps<typeof AttachmentList>;
export type UploaderProps = React.ComponentProps<typeof Uploader>;
export type PermissionMatrixProps = React.ComponentProps<typeof PermissionMatrix>;
export type PortalSettingsProps = React.ComponentProps<typeof PortalSettings>;
export type ViewAsProps = React.ComponentProps<typeof ViewAs>;
