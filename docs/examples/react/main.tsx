/**
 * A React host page using the attachkit wrappers (`@attachkit/elements/react`):
 * typed props (`recordType`, `recordId`, `baseUrl`, `token`) and typed event
 * callbacks (`onAkShare` receives an `AkShareEvent`, …).
 *
 * Bundle it with esbuild, no framework build needed:
 *   npx esbuild docs/examples/react/main.tsx --bundle --format=esm --jsx=automatic --outfile=docs/examples/react/main.js
 * (docs/examples/serve.ts does this and serves the page with the demo API).
 */
import { StrictMode, useCallback, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { AkShareEvent, AkUploadCompleteEvent } from '@attachkit/elements';
import { AttachmentList, Provider, Uploader } from '@attachkit/elements/react';

const jobs = ['J-1001', 'J-1002'] as const;

function JobAttachments() {
  const [job, setJob] = useState<(typeof jobs)[number]>('J-1001');
  const [events, setEvents] = useState<string[]>([]);
  const record = (line: string) => setEvents((previous) => [line, ...previous].slice(0, 5));

  // Typed callbacks: the wrappers map `ak-share` to `onAkShare` with the event class.
  const onShare = useCallback((event: AkShareEvent) => {
    record(`${event.ids.length} item(s) → ${event.portal === 'viewable' ? 'Viewable in' : 'Hidden from'} the Customer Portal`);
  }, []);
  const onUploaded = useCallback((event: AkUploadCompleteEvent) => record(`Attached ${event.attachment.name} to ${event.record.id}`), []);

  return (
    <>
      <h1>Job {job} — Attachments</h1>
      <nav aria-label="Jobs">
        {jobs.map((id) => (
          <button key={id} type="button" aria-pressed={id === job} onClick={() => setJob(id)}>
            {id}
          </button>
        ))}
      </nav>
      {/* baseUrl "/": the API on this page's origin (the examples server). Demo token: docs/demo.md. */}
      <Provider baseUrl="/" token="demo-admin" onAkError={(event) => record(`${event.operation}: ${event.error.message}`)}>
        <Uploader recordType="job" recordId={job} onAkUploadComplete={onUploaded} />
        <AttachmentList
          recordType="job"
          recordId={job}
          onAkShare={onShare}
          onAkSelectionChange={(event) => record(`${event.ids.length} checked`)}
        />
      </Provider>
      <ol className="events" aria-label="Events">
        {events.map((line, index) => (
          <li key={`${index}-${line}`}>{line}</li>
        ))}
      </ol>
    </>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('The example page has no #root');
createRoot(root).render(
  <StrictMode>
    <JobAttachments />
  </StrictMode>,
);
