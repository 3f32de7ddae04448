/**
 * `pulumi-cloudflare-zero-trust/testing`: a local, stateful Cloudflare API for these endpoints, and `LocalStack`,
 * which runs a program's resources through Pulumi's dynamic-provider host as `pulumi up` would, for testing programs
 * without an account or the Pulumi CLI. What a user's tests need, and no more: the parts `LocalStack` is built from
 * (host.ts, program.ts) are the package's own test plumbing, not exported. README's "Testing your program" documents
 * each name; test/testing/index.test.ts pins the list.
 */
// First: refuses an unsupported Node.js before any dependency loads
import "../node/refuseOldNode";
export {
  FakeCloudflare,
  FAKE_TOKEN,
  CLOUDFLARE_RATE_LIMIT,
  type FakeOptions,
  type Fault,
  type FaultMatch,
  type RateLimitMode,
  type RecordedRequest,
  type ServiceToken,
} from "./server";
export type { ScopeKind } from "./organizations";
export { LocalStack, stepsOf, type LocalStackOptions, type ResourceClass, type Step, type StepOp } from "./stack";
export type { Program } from "./program";
