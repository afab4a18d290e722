// Library builds (ESM + d.ts per package, one CDN bundle) land with the
// "Demo host CRM, Storybook, docs, library builds" issue. Until then the
// packages are consumed from source through the `source` export condition.
export default [];
