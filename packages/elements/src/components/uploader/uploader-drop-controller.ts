import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { msg } from '@lit/localize';

export interface FileDropOptions {
  /** Why files cannot be added now, or null: a drag over a refusing element shows the "none" cursor. */
  denial(): string | null;
  /** Takes the files dropped or pasted. */
  addFiles(files: File[]): void;
}

/**
 * Files pasted into the host (Ctrl+V / ⌘V while something inside it has
 * focus) or dropped onto it go to `addFiles`; `dragging` is true while files
 * are dragged over it, for the drop zone's look, and `hint()` tells the user
 * how. Other clipboard content and other drags (text, links) are left to the
 * browser.
 */
export class FileDropController implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly options: FileDropOptions;
  /** Files are being dragged over the host. */
  dragging = false;

  constructor(host: ReactiveControllerHost & HTMLElement, options: FileDropOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
    // On the host itself: the listeners live exactly as long as it does.
    host.addEventListener('paste', this.onPaste);
    host.addEventListener('dragenter', this.onDragOver);
    host.addEventListener('dragover', this.onDragOver);
    host.addEventListener('dragleave', this.onDragLeave);
    host.addEventListener('drop', this.onDrop);
  }

  hostConnected(): void {}

  /** How to drop or paste here. Drag and paste are for a mouse and a keyboard; a phone or tablet picks files or photos with the button. */
  hint(): string {
    if (matchMedia('(hover: none) and (pointer: coarse)').matches) return msg('Choose files or photos from this device.');
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the only synchronous OS hint every browser still has (userAgentData is Chromium-only)
    if (/Mac|iPhone|iPad/.test(navigator.platform)) return msg('…or drag files here, or paste them with ⌘V while the button has focus.');
    return msg('…or drag files here, or paste them with Ctrl+V while the button has focus.');
  }

  private setDragging(dragging: boolean): void {
    if (this.dragging === dragging) return;
    this.dragging = dragging;
    this.host.requestUpdate();
  }

  private readonly onPaste = (e: ClipboardEvent) => {
    const files = [...(e.clipboardData?.files ?? [])];
    if (files.length === 0) return;
    e.preventDefault();
    this.options.addFiles(files);
  };

  private readonly onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer || ![...e.dataTransfer.types].includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = this.options.denial() ? 'none' : 'copy';
    this.setDragging(true);
  };

  private readonly onDragLeave = (e: DragEvent) => {
    if (e.relatedTarget instanceof Node && this.host.contains(e.relatedTarget)) return;
    this.setDragging(false);
  };

  private readonly onDrop = (e: DragEvent) => {
    if (!e.dataTransfer) return;
    e.preventDefault();
    this.setDragging(false);
    this.options.addFiles([...e.dataTransfer.files]);
  };
}
