// Server-side commands for the browser tests (web-test-runner plugin), called from a test with
// `executeServerCommand(name, payload)` from @web/test-runner-commands:
//
//   attachkit-server { origin, keepLocation? }  starts the reference server (packages/server/bin, demo mode,
//                                               a fresh data folder, CORS for the test page's origin) once per
//                                               option set and answers { url } ({ pending: true } while it is
//                                               still starting: ask again); stopped when the runner stops
//   inspect-image { url, token }                fetches an attachment's content from that server and describes
//                                               it with sharp and exif-reader: { width, height, orientation,
//                                               format, bytes, sha256, gps, dateTimeOriginal, offsetTimeOriginal }
//   emulate-touch { enabled }                   Chromium's touch emulation for the test's page (CDP
//                                               Emulation.setTouchEmulationEnabled): `(pointer: coarse)` matches
//   second-tab { open: path } | { run: expression } | { close: true }
//                                               a second real page in the test page's browser context (same
//                                               origin, so the same IndexedDB and Web Locks): opens `path` and
//                                               waits until its `window.ready` resolves (answering its value),
//                                               evaluates an expression there, or closes it (the tab dies)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exifReader from 'exif-reader';
import sharp from 'sharp';

const root = new URL('../../../../', import.meta.url).pathname;

export function attachkitCommands() {
  /** One server per option set: key → Promise<{ child, url, dir }>. */
  const servers = new Map();
  /** Test session id → its page's CDP session. */
  const cdpSessions = new Map();
  /** Test session id → its second tab (a playwright Page). */
  const secondTabs = new Map();

  async function secondTab(session, payload) {
    if (session.browser.type !== 'playwright') throw new Error('second-tab needs the playwright launcher');
    const page = session.browser.getPage(session.id);
    if (payload.open) {
      const tab = await page.context().newPage();
      secondTabs.set(session.id, tab);
      await tab.goto(new URL(payload.open, page.url()).href);
      return tab.evaluate(() => window.ready);
    }
    const tab = secondTabs.get(session.id);
    if (!tab) return false; // closed already
    // A command that answers undefined counts as unknown: answer true instead.
    if (payload.run) return (await tab.evaluate(payload.run)) ?? true;
    secondTabs.delete(session.id);
    await tab.close();
    return true;
  }

  function start({ origin, keepLocation = false }) {
    const key = `${origin} ${keepLocation}`;
    if (servers.has(key)) return servers.get(key);
    const dir = mkdtempSync(join(tmpdir(), 'attachkit-wtr-server-'));
    const args = ['packages/server/bin/attachkit-server.mjs', '--data', dir, '--port', '0', '--allowed-origins', origin];
    if (keepLocation) args.push('--keep-location');
    const started = new Promise((resolve, reject) => {
      const child = spawn(process.execPath, args, {
        cwd: root,
        env: { ...process.env, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const timer = setTimeout(() => reject(new Error(`attachkit-server did not start:\n${output}`)), 60_000);
      const onData = (chunk) => {
        output += chunk;
        const match = /listening at (http:\/\/[^"\s]+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve({ child, url: match[1], dir });
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code) => reject(new Error(`attachkit-server exited (${code}):\n${output}`)));
    });
    servers.set(key, started);
    return started;
  }

  async function inspect({ url, token }) {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    const exif = meta.exif ? exifReader(meta.exif) : {};
    return {
      width: meta.width,
      height: meta.height,
      orientation: meta.orientation ?? 1,
      format: meta.format,
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      gps: Object.keys(exif.GPSInfo ?? {}).length > 0 ? exif.GPSInfo : null,
      dateTimeOriginal: exif.Photo?.DateTimeOriginal?.toISOString() ?? null,
      offsetTimeOriginal: exif.Photo?.OffsetTimeOriginal ?? null,
    };
  }

  return {
    name: 'attachkit-commands',
    async executeCommand({ command, payload, session }) {
      if (command === 'attachkit-server') {
        // A command must answer within 20 s; a cold start through tsx can take longer on a busy machine: ask again.
        const server = await Promise.race([start(payload), new Promise((resolve) => setTimeout(resolve, 10_000, null))]);
        return server ? { url: server.url } : { pending: true };
      }
      if (command === 'inspect-image') return inspect(payload);
      if (command === 'second-tab') return secondTab(session, payload);
      if (command === 'emulate-touch') {
        if (session.browser.type !== 'playwright') throw new Error('emulate-touch needs the playwright launcher');
        // One CDP session per page, kept open: overrides end with the session that set them.
        if (!cdpSessions.has(session.id)) {
          const page = session.browser.getPage(session.id);
          cdpSessions.set(session.id, await page.context().newCDPSession(page));
        }
        const cdp = cdpSessions.get(session.id);
        await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: Boolean(payload?.enabled), maxTouchPoints: 5 });
        return true;
      }
      return undefined;
    },
    async serverStop() {
      for (const started of servers.values()) {
        const server = await started.catch(() => null);
        if (!server) continue;
        if (server.child.exitCode === null) {
          const exited = new Promise((resolve) => server.child.once('exit', resolve));
          server.child.kill('SIGTERM');
          await exited;
        }
        rmSync(server.dir, { recursive: true, force: true });
      }
    },
  };
}
