import { z } from 'zod';

/** The body of `PUT /api/records/:type/:id`: the customer the record belongs to, or null for an internal record. */
export const RecordRegistrationSchema = z.strictObject({ clientId: z.string().min(1).max(128).nullable() });
