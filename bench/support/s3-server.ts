/**
 * Child process of the scale-out benchmark: s3rver (the tests' harness) with
 * one bucket, apart from the load generator and the server under test.
 * Prints {"endpoint","bucket"} once ready.
 */
import { startS3 } from '../../packages/server/test/support/s3.js';

const s3 = await startS3();
const bucket = await s3.createBucket('bench');
process.stdout.write(`${JSON.stringify({ endpoint: s3.endpoint, bucket })}\n`);
const stop = () => void s3.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
