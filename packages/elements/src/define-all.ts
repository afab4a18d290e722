/** Registers every attachkit element (`ak-*`). Safe to import more than once. */
import './components/provider/define.js';
import './components/attachment-list/define.js';
import './components/note-list/define.js';
import './components/image-viewer/define.js';
import './components/uploader/define.js';
import './components/permission-matrix/define.js';
import './components/portal-settings/define.js';
import './components/view-as/define.js';

export * from './index.js';
