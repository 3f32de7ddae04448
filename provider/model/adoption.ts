import type { SchemaIssue } from "./common";
import { isUnknown } from "./unknowns";
import { describeScope, type Scope } from "./scope";
import type { OrganizationWire } from "./wire";

/**
 * What adopting an existing organization must never do, as issues naming the Pulumi field. Pure, so `check` can
 * fail a preview with the same rule `create` applies before any write.
 *
 * The auth domain is the team domain: every user's login URL and every application's login flow use it, so
 * adoption never changes it (`name` and `authDomain` are only needed to create an organization). Changing it in a
 * program that already manages the organization is an ordinary, previewed update, not an adoption.
 * A value not known yet (a preview's unknown) breaks no rule.
 */
export function adoptionIssues(scope: Scope, current: OrganizationWire, inputs: { readonly authDomain?: unknown }): SchemaIssue[] {
  const wanted = inputs.authDomain;
  const existing = current.auth_domain;
  if (typeof wanted !== "string" || wanted === "" || isUnknown(wanted) || !existing) return [];
  if (wanted.toLowerCase() === existing.toLowerCase()) return [];
  return [
    {
      property: "authDomain",
      reason:
        `is ${JSON.stringify(wanted)}, but the existing Zero Trust organization of ${describeScope(scope)} uses ` +
        `${JSON.stringify(existing)}; adopting never changes the team domain (every login URL depends on it). ` +
        `Remove authDomain (or set it to ${JSON.stringify(existing)}) to adopt; to move the team domain, change ` +
        "authDomain in a later update, once the organization is in the stack",
    },
  ];
}
