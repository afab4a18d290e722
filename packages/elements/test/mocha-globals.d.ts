// The few mocha globals the browser tests use (@web/test-runner runs mocha in the page).
// Declared here rather than adding @types/mocha to the workspace.
type MochaDone = (error?: unknown) => void;
/** What `this` offers in a suite or a test: a longer timeout for the few slow ones (a server start). */
interface MochaContext {
  timeout(ms: number): void;
}
type MochaFn = (this: MochaContext, done: MochaDone) => unknown;
declare function describe(title: string, fn: (this: MochaContext) => void): void;
declare function it(title: string, fn?: MochaFn): void;
declare function before(fn: MochaFn): void;
declare function after(fn: MochaFn): void;
declare function beforeEach(fn: MochaFn): void;
declare function afterEach(fn: MochaFn): void;
