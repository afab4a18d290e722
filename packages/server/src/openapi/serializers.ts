/**
 * How answers are serialized: a JSON 2xx answer goes through fast-json-stringify
 * with its route's response schema (only the documented fields leave the
 * server), compiled the first time the route answers with that status rather
 * than at start (compiling every route's schemas up front took over a second
 * on a loaded machine, for every process and every test server). Problem
 * documents (src/http/problem.ts builds them field by field) and the rest use
 * JSON.stringify.
 */
import SerializerSelector, { type Serializer, type SerializerFactory } from '@fastify/fast-json-stringify-compiler';

const defaultFactory = SerializerSelector();

/** Fastify's `schemaController.compilersFactory.buildSerializer`. */
export const lazySerializers: SerializerFactory = (externalSchemas, options) => {
  const compile = defaultFactory(externalSchemas, options);
  return (route) => {
    const contentType = (route as { contentType?: string }).contentType;
    // Typed a string, but reply.compileSerializationSchema() passes null when given no status.
    const status: unknown = route.httpStatus;
    if (!String(status).startsWith('2') || (contentType !== undefined && contentType !== 'application/json')) return JSON.stringify;
    let serialize: Serializer | undefined;
    return (data) => (serialize ??= compile(route))(data);
  };
};
