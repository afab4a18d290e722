/**
 * End to end: `npm start` (the real demo process: reference server, SQLite,
 * files on disk, the host CRM) driven by playwright-core in Debian's
 * Chromium, through every seed flow, over HTTP, surviving a restart.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import exifReader from 'exif-reader';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { startDemo, stopDemo, type Demo } from './support/demo-process.js';
import sharp from 'sharp';

const root = new URL('../../../', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'attachkit-e2e-'));
const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

describe('demo host CRM (npm start) end to end', { concurrency: false }, () => {
  let demo: Demo;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    [demo, browser] = await Promise.all([startDemo(dataDir), launchChromium()]);
  });

  after(async () => {
    await browser?.close();
    if (demo) await stopDemo(demo);
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A fresh page signed in as one of the demo principals (the host stores the choice in localStorage). */
  async function pageAs(
    token: string,
    hash: string,
    options: { width?: number; touch?: boolean; chooser?: (page: Page) => void } = {},
  ): Promise<Page> {
    const context = await browser.newContext({
      acceptDownloads: true,
      hasTouch: options.touch ?? false,
      ...(options.width ? { viewport: { width: options.width, height: 800 } } : {}),
    });
    contexts.push(context);
    await context.addInitScript((t) => localStorage.setItem('attachkit-demo-token', t), token);
    // tsx compiles this file with esbuild's keepNames: functions handed to evaluate() call `__name`.
    await context.addInitScript('globalThis.__name = (fn) => fn;');
    const page = await context.newPage();
    // Playwright intercepts file choosers only once a listener is attached; attach it before the
    // page loads, or a chooser opened by a quick keypress is missed (the test, not the page).
    options.chooser?.(page);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${demo.url}/${hash}`);
    (page as Page & { errors: string[] }).errors = errors;
    return page;
  }

  const row = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('button', { name, exact: true }) });
  const flags = async (page: Page, name: string) => {
    const r = row(page, name);
    // The cell shows Y or N, followed by a screen-reader word (Yes / No).
    return [await r.locator('[data-flag="portal"]').innerText(), await r.locator('[data-flag="confidential"]').innerText()].map(
      (t) => t.trim().split('\n')[0],
    );
  };
  const job = '#/records/job/J-1001/attachments';

  it('attaches a file to a job: it appears Hidden (N) and not Confidential (N)', async () => {
    const page = await pageAs('demo-admin', job);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Select Files to Attach' }).click();
    await (await chooser).setFiles({ name: 'e2e-report.pdf', mimeType: 'application/pdf', buffer: pdf });
    await row(page, 'e2e-report.pdf').waitFor();
    assert.deepEqual(await flags(page, 'e2e-report.pdf'), ['N', 'N']);
    assert.deepEqual((page as Page & { errors: string[] }).errors, []);
  });

  it('opens an image in an accessible pop-up, and Esc closes it', async () => {
    const page = await pageAs('demo-admin', job);
    await page.getByRole('button', { name: 'before-photo.png', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const image = dialog.locator('img');
    await image.waitFor();
    assert.ok(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the image decoded');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('downloads a PDF when its name is clicked', async () => {
    const page = await pageAs('demo-admin', job);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Quote Q-1001.pdf', exact: true }).click();
    const file = await download;
    assert.equal(file.suggestedFilename(), 'Quote Q-1001.pdf');
    const path = await file.path();
    const { readFileSync } = await import('node:fs');
    assert.equal(readFileSync(path).subarray(0, 5).toString(), '%PDF-');
  });

  it('shares to the portal: the client sees it, the other client does not', async () => {
    const admin = await pageAs('demo-admin', job);
    await row(admin, 'e2e-report.pdf').getByRole('checkbox').check();
    await admin.getByRole('button', { name: 'Viewable in Customer Portal' }).first().click();
    await row(admin, 'e2e-report.pdf').locator('[data-flag="portal"]', { hasText: 'Y' }).waitFor();

    const clientA = await pageAs('demo-client-a', '#/portal');
    await clientA.getByRole('button', { name: 'e2e-report.pdf', exact: true }).waitFor();
    assert.equal(await clientA.getByRole('button', { name: 'site-notes.docx', exact: true }).count(), 0, 'hidden files stay hidden');

    const clientB = await pageAs('demo-client-b', '#/portal');
    await clientB.getByRole('button', { name: 'boiler-photo.png', exact: true }).waitFor();
    assert.equal(await clientB.getByRole('button', { name: 'e2e-report.pdf', exact: true }).count(), 0);
  });

  it('marks it Confidential: the tech without the grant loses it, and gets it once granted in the permission matrix', async () => {
    const admin = await pageAs('demo-admin', job);
    await row(admin, 'e2e-report.pdf').getByRole('checkbox').check();
    await admin.getByRole('button', { name: 'Mark as Confidential' }).first().click();
    await row(admin, 'e2e-report.pdf').locator('[data-flag="confidential"]', { hasText: 'Y' }).waitFor();

    const tech = await pageAs('demo-tech', job);
    await tech.getByRole('button', { name: 'before-photo.png', exact: true }).waitFor();
    assert.equal(await tech.getByRole('button', { name: 'e2e-report.pdf', exact: true }).count(), 0);

    const users = await pageAs('demo-admin', '#/admin/users/u-tech');
    const cell = users.locator('tr[data-user="u-tech"] input[data-key="attachments.viewConfidential"]');
    await cell.waitFor();
    assert.equal(await cell.isChecked(), false);
    await cell.click();
    await users.getByText('Saved: Tom Tech now has').waitFor();

    await tech.reload();
    await tech.getByRole('button', { name: 'e2e-report.pdf', exact: true }).waitFor();
  });

  it('turning off "View Shared Notes / Attachments" empties the portal', async () => {
    const settings = await pageAs('demo-admin', '#/clients/settings/permissions');
    const shared = settings.getByRole('checkbox', { name: 'View Shared Notes / Attachments' });
    await shared.waitFor();
    assert.equal(await shared.isChecked(), true);
    await shared.click();
    await settings.getByText('Saved: "View Shared Notes / Attachments" is unchecked.').waitFor();

    const clientA = await pageAs('demo-client-a', '#/portal');
    await clientA.getByRole('heading', { name: 'Welcome, Harbour Café' }).waitFor();
    await clientA.getByText('Clients may not view shared notes and attachments in the Customer Portal.').first().waitFor();
    assert.equal(await clientA.getByRole('button', { name: 'e2e-report.pdf', exact: true }).count(), 0);

    await shared.click();
    await settings.getByText('Saved: "View Shared Notes / Attachments" is checked.').waitFor();
  });

  it('keeps everything across a restart', async () => {
    for (const context of contexts.splice(0)) await context.close();
    await stopDemo(demo);
    demo = await startDemo(dataDir);
    const admin = await pageAs('demo-admin', job);
    await row(admin, 'e2e-report.pdf').waitFor();
    assert.deepEqual(await flags(admin, 'e2e-report.pdf'), ['Y', 'Y']);
    const tech = await pageAs('demo-tech', job);
    await tech.getByRole('button', { name: 'e2e-report.pdf', exact: true }).waitFor();
  });
  // ------------------------------------------------------------ a phone, and the keyboard only

  /** Y/N of a row at any width: the Y/N cells of the table, or the badges of a card. */
  const flagsAnyWidth = (page: Page, name: string) =>
    row(page, name).evaluate((r) => {
      const yn = (flag: string) => r.querySelector(`[data-flag="${flag}"] .yn[aria-hidden]`)!;
      if (getComputedStyle(yn('portal')).display !== 'none') return [yn('portal').textContent, yn('confidential').textContent];
      const badge = (flag: string) => r.querySelector(`[data-flag="${flag}"] .badge`)?.textContent;
      return [badge('portal') === 'Shared' ? 'Y' : 'N', badge('confidential') === 'Confidential' ? 'Y' : 'N'];
    });
  const focusedLabel = (page: Page) =>
    page.evaluate(() => {
      let a: Element | null = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a ? `${a.getAttribute('aria-label') ?? ''}|${a.textContent?.trim() ?? ''}|${(a as HTMLElement).dataset.key ?? ''}` : '';
    });
  async function pressUntil(page: Page, key: string, wanted: (label: string) => boolean, max = 60): Promise<void> {
    for (let i = 0; i < max; i++) {
      if (wanted(await focusedLabel(page))) return;
      await page.keyboard.press(key);
    }
    throw new Error(`${key} never reached the control; focus: ${await focusedLabel(page)}`);
  }
  async function noSidewaysScroll(page: Page): Promise<void> {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
  }
  async function axe(page: Page): Promise<string[]> {
    await page.addScriptTag({ content: axeSource });
    return page.evaluate(async () => {
      const { axe } = window as unknown as { axe: { run(c: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } };
      const result = await axe.run(document);
      return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
  }

  it('the tech on a touch phone: Take Photo, and a 4000×3000 camera JPEG arrives at 2560 px without GPS, capturedAt kept', async () => {
    const desktop = await pageAs('demo-tech', job);
    await desktop.getByRole('button', { name: 'Select Files to Attach' }).waitFor();
    assert.equal(await desktop.getByRole('button', { name: 'Take Photo' }).count(), 0, 'no camera button without a touch screen');
    const page = await pageAs('demo-tech', job, { width: 390, touch: true });
    const photo = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#2a7' } })
      .withExif({
        IFD2: { DateTimeOriginal: '2026:11:30 14:05:09', OffsetTimeOriginal: '+02:00' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 26/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 39/1' },
      })
      .jpeg({ quality: 92 })
      .toBuffer();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Take Photo' }).click();
    await (await chooser).setFiles({ name: 'IMG_20261130_140509.jpg', mimeType: 'image/jpeg', buffer: photo });
    await row(page, 'IMG_20261130_140509.jpg').waitFor();
    const auth = { authorization: 'Bearer demo-tech' };
    const list = (await (await fetch(`${demo.url}/api/records/job/J-1001/attachments`, { headers: auth })).json()) as {
      id: string;
      name: string;
      capturedAt?: string;
    }[];
    const attachment = list.find((a) => a.name === 'IMG_20261130_140509.jpg')!;
    assert.equal(attachment.capturedAt, '2026-11-30T14:05:09+02:00');
    const stored = Buffer.from(
      await (await fetch(`${demo.url}/api/attachments/${attachment.id}/content`, { headers: auth })).arrayBuffer(),
    );
    const meta = await sharp(stored).metadata();
    assert.deepEqual([meta.width, meta.height], [2560, 1920]);
    assert.equal(exifReader(meta.exif!).GPSInfo, undefined);
    assert.deepEqual((page as Page & { errors: string[] }).errors, []);
  });

  it('Enter on "Select Files to Attach" opens the file chooser in 10 of 10 fresh page loads', async () => {
    let opened = 0;
    for (let load = 0; load < 10; load++) {
      let chosen = false;
      const page = await pageAs('demo-admin', job, { chooser: (p) => p.on('filechooser', () => (chosen = true)) });
      // Straight from the page load: Tab until the button has focus (no waiting for the session), then Enter.
      await pressUntil(page, 'Tab', (label) => label.includes('Select Files to Attach'));
      await page.keyboard.press('Enter');
      await page.waitForTimeout(50);
      for (let wait = 0; wait < 40 && !chosen; wait++) await page.waitForTimeout(50);
      if (chosen) opened++;
      await page.context().close();
    }
    assert.equal(opened, 10, `the file chooser opened in ${opened} of 10 fresh loads`);
  });

  it('at 390 px, with the keyboard only: attach, check, share, mark Confidential, grant, and the tech and the customer see it', async () => {
    const file = 'phone-report.pdf';
    const admin = await pageAs('demo-admin', job, {
      width: 390,
      chooser: (p) => p.on('filechooser', (chooser) => void chooser.setFiles({ name: file, mimeType: 'application/pdf', buffer: pdf })),
    });
    await pressUntil(admin, 'Tab', (label) => label.includes('Select Files to Attach'));
    await admin.keyboard.press('Enter');
    await row(admin, file).waitFor();
    assert.deepEqual(await flagsAnyWidth(admin, file), ['N', 'N']);
    await noSidewaysScroll(admin);

    // The rows are one tab stop: Tab into them, ↓ to the new row, Space checks it.
    await pressUntil(admin, 'Tab', (label) => label.startsWith('Select ') && !label.startsWith('Select all') && !label.includes('Files'));
    await pressUntil(admin, 'ArrowDown', (label) => label.startsWith(`Select ${file}`), 20);
    await admin.keyboard.press('Space');
    // Shift+Tab reaches the toolbar (no need to cross every row); its one tab stop is the first action.
    await pressUntil(admin, 'Shift+Tab', (label) => label.includes('Viewable in Customer Portal'), 12);
    await admin.keyboard.press('Enter');
    await admin.waitForFunction(() => true);
    await row(admin, file).locator('[data-flag="portal"] .badge', { hasText: 'Shared' }).waitFor();
    // ← / → inside the toolbar.
    await admin.keyboard.press('ArrowRight');
    await admin.keyboard.press('ArrowRight');
    assert.match(await focusedLabel(admin), /Mark as Confidential/);
    await admin.keyboard.press('Enter');
    await row(admin, file).locator('[data-flag="confidential"] .badge', { hasText: 'Confidential' }).waitFor();
    assert.deepEqual(await flagsAnyWidth(admin, file), ['Y', 'Y']);

    // The user page at 390 px: one user, permissions as rows; ↓ to the grant, Space toggles it.
    // (The tech got "Can view … Confidential" earlier in this file: take it away, then give it back.)
    const users = await pageAs('demo-admin', '#/admin/users/u-tech', { width: 390 });
    await users.locator('tr[data-user="u-tech"] input[data-key="attachments.viewConfidential"]').waitFor();
    await noSidewaysScroll(users);
    await pressUntil(users, 'Tab', (label) => label.includes('|attachments.'));
    await pressUntil(users, 'ArrowDown', (label) => label.endsWith('|attachments.viewConfidential'), 20);
    await users.keyboard.press('Space');
    await users.getByText('Saved: Tom Tech no longer has').waitFor();

    const tech = await pageAs('demo-tech', job, { width: 390 });
    await tech.getByRole('button', { name: 'before-photo.png', exact: true }).waitFor();
    assert.equal(await tech.getByRole('button', { name: file, exact: true }).count(), 0, 'Confidential: the tech does not see it');
    assert.equal(await tech.getByRole('toolbar').count(), 0, 'no toolbar of dead buttons for the tech');
    await noSidewaysScroll(tech);

    await users.keyboard.press('Space');
    await users.getByText('Saved: Tom Tech now has').waitFor();
    await tech.reload();
    await tech.getByRole('button', { name: file, exact: true }).waitFor();
    const customer = await pageAs('demo-client-a', '#/portal', { width: 390 });
    const name = customer.getByRole('button', { name: file, exact: true });
    await name.waitFor();
    await noSidewaysScroll(customer);
    assert.ok(
      await customer
        .getByRole('button', { name: `Download ${file}`, exact: true })
        .first()
        .isVisible(),
    );
  });

  for (const width of [390, 1280]) {
    it(`the job card at ${width} px: no sideways scroll, every row on screen, photo thumbnails, axe clean`, async () => {
      const page = await pageAs('demo-admin', job, { width });
      await row(page, 'before-photo.png').waitFor();
      await noSidewaysScroll(page);
      const rows = page.locator('ak-attachment-list [part~="row"]');
      for (let i = 0; i < (await rows.count()); i++) {
        const r = rows.nth(i);
        await r.scrollIntoViewIfNeeded();
        for (const part of ['name', 'download-button']) {
          const box = (await r.locator(`[part~="${part}"]`).boundingBox())!;
          assert.ok(box && box.x >= 0 && box.x + box.width <= width, `${part} of row ${i} is on screen`);
        }
      }
      const thumbnail = row(page, 'before-photo.png').locator('img[part~="thumbnail"]');
      await thumbnail.scrollIntoViewIfNeeded();
      await page.waitForFunction(
        () => document.querySelector('ak-attachment-list')?.shadowRoot?.querySelector('img[part~="thumbnail"][data-state="loaded"]'),
        undefined,
        { timeout: 10_000 },
      );
      assert.deepEqual(await axe(page), [], 'axe violations on the job card (heading order included)');
    });
  }
});
