import { msg, str } from '@lit/localize';
import { findPermission, type AccessLevel, type PermissionCatalog, type Reason, type UploadRestrictions } from '@attachkit/sdk';
import { formatSize } from './format.js';
import { levelName, permissionLabel } from './labels.js';

/** What a sentence about a reason may need beyond its code. */
export interface ReasonContext {
  catalog?: PermissionCatalog;
  level?: AccessLevel;
  /** The file a restriction reason is about. */
  file?: { name: string; size: number };
  restrictions?: UploadRestrictions;
}

/**
 * A reason from the policy, the restrictions or the server as a sentence in
 * the active locale. Codes attachkit knows are translated; any other reason
 * keeps the sentence it came with.
 */
export function reasonText(reason: Reason, context: ReasonContext = {}): string {
  const level = context.level ?? 'web';
  const label = () => {
    // A permission held at another access level (users.managePermissions is a web one) still has its label.
    const catalog = context.catalog;
    const key = reason.permission;
    const definition =
      key && catalog
        ? (findPermission(catalog, level, key) ?? catalog.levels.map((l) => findPermission(catalog, l.level, key)).find(Boolean))
        : undefined;
    return definition ? permissionLabel(definition) : (reason.permission ?? '');
  };
  const name = context.file?.name ?? '';
  switch (reason.code) {
    case 'confidential.notPermitted': {
      const permission = label();
      const where = levelName(level);
      return msg(str`Marked Confidential, and "${permission}" is not granted at the ${where} access level.`);
    }
    case 'permission.missing': {
      const permission = label();
      return msg(str`Needs the permission "${permission}".`);
    }
    case 'permission.requires': {
      const permission = label();
      return msg(str`Needs the permission "${permission}" as well.`);
    }
    case 'portal.hidden':
      return msg('Hidden from the Customer Portal.');
    case 'client.mismatch':
      return msg('It belongs to another client.');
    case 'portal.onlineAccessDisabled':
      return msg('Client online access is disabled.');
    case 'portal.sharedViewDisabled':
      return msg('Clients may not view shared notes and attachments in the Customer Portal.');
    case 'portal.settingsMissing':
      return msg('The Customer Portal settings are not known, so nothing is shown.');
    case 'client.notAllowed':
      return msg('Portal clients cannot do this.');
    case 'upload.empty':
      return msg(str`${name}: the file is empty.`);
    case 'upload.invalid':
      return msg(str`${name}: the file size could not be read.`);
    case 'upload.blockedExtension':
      return msg(str`${name}: executable files cannot be attached.`);
    case 'upload.tooLarge': {
      if (!context.file || !context.restrictions) break;
      const size = formatSize(context.file.size);
      const limit = formatSize(context.restrictions.maxBytes);
      return msg(str`${name}: the file is ${size}, larger than the ${limit} limit.`);
    }
    case 'upload.extensionNotAllowed': {
      if (!context.restrictions?.allowedExtensions) break;
      const allowed = context.restrictions.allowedExtensions.map((e) => `.${e}`).join(', ');
      return msg(str`${name}: only ${allowed} files can be attached.`);
    }
    case 'not.found':
      return msg('It does not exist or you may not see it.');
    case 'network.unreachable':
      return msg('The server could not be reached.');
    case 'revision.stale':
      return msg('It was changed by someone else; reload and try again.');
    case 'uploads.storageFull':
      return msg("This device's storage is full: uploads still go on, but they will not survive a reload or a closed tab.");
    case 'uploads.storageUnavailable':
      return msg('This browser does not let attachkit keep files on the device: uploads still go on, but they will not survive a reload.');
  }
  return reason.message;
}

/** The sentence of an error: its first reason when it has one, else its own code. */
export function errorText(error: { code: string; message: string; reasons?: Reason[] }, context: ReasonContext = {}): string {
  return reasonText(error.reasons?.[0] ?? { code: error.code, message: error.message }, context);
}
