import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** How long a connection answered before its body arrived keeps discarding what the client still sends. */
const lingerMs = 5_000;

/**
 * An answer sent while the request's body is still arriving — an upload
 * refused as too large, a 401/403/404 before the file is read — closes its
 * connection instead of reading the rest of the body into the void and then
 * keeping the connection alive (a refused 2 GB upload would be read to its
 * end, and `close()` would wait for the keep-alive timeout of a connection
 * that went idle during the shutdown).
 *
 * The answer says `Connection: close`; once it is written the server sends
 * its FIN and keeps reading and discarding for up to 5 s ("lingering close",
 * as nginx does), so the client reads the whole answer instead of a reset
 * that can overtake it. `close()` ends lingering connections at once.
 */
export function closeConnectionsOfUnreadBodies(app: FastifyInstance): void {
  const lingering = new Set<Socket>();
  let closing = false;

  function linger(socket: Socket): void {
    if (closing) return void socket.destroy();
    if (lingering.has(socket) || socket.destroyed) return;
    lingering.add(socket);
    socket.end();
    socket.resume();
    const timer = setTimeout(() => socket.destroy(), lingerMs).unref();
    socket.once('close', () => {
      clearTimeout(timer);
      lingering.delete(socket);
    });
  }

  app.addHook('onSend', async (request, reply, payload) => {
    const { raw } = request;
    if (!raw.complete && !reply.raw.headersSent) {
      reply.header('Connection', 'close');
      // Node destroys a `Connection: close` socket as soon as the answer is written, which resets a client still
      // sending; instead half-close and drain for a while.
      const socket = raw.socket as Socket & { destroySoon?: () => void };
      socket.destroySoon = () => linger(socket);
    }
    return payload;
  });
  app.addHook('preClose', async () => {
    closing = true;
    for (const socket of lingering) socket.destroy();
  });
}
