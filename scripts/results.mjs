// The machine-readable result of one suite, for scripts/test.mjs: when the
// ATTACHKIT_RESULTS environment variable names a file, a suite's runner writes
// `{"passed": N, "failed": N}` there as it ends. scripts/test.mjs reads it and
// trusts the exit code over it (a crash before the write is a failure).
import { writeFileSync } from 'node:fs';

/** Writes the totals where scripts/test.mjs asked for them (a no-op when run by hand). */
export function writeResults({ passed, failed }) {
  const file = process.env.ATTACHKIT_RESULTS;
  if (file) writeFileSync(file, JSON.stringify({ passed, failed }));
}
