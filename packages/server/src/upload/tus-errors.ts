/**
 * One of `@tus/server`'s `ERRORS` answers (`{ status_code, body }`) as an
 * Error to throw from a store or a locker: tus answers its status and body,
 * and the stack says where it came from.
 */
export const tusErrorOf = (answer: { status_code: number; body: string }): Error & { status_code: number; body: string } =>
  Object.assign(new Error(answer.body.trim()), answer);
