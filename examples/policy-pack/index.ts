import { PolicyPack } from "@pulumi/policy";
import { zeroTrustPolicies } from "pulumi-cloudflare-zero-trust/policy";

// A PolicyPack starts serving the Pulumi engine as soon as it is constructed: build it here, in the pack's own
// entry point, and nowhere else.
new PolicyPack("zero-trust-baseline", {
  policies: zeroTrustPolicies({
    // recommended or strict: the presets of HardenedZeroTrustOrganization
    preset: "recommended",
    // resources left unchecked, by name or URN (a component's URN exempts its children)
    exempt: [],
    // per policy: advisory, mandatory or disabled
    enforcementLevel: { baseline: "mandatory", unknownAtPreview: "advisory" },
  }),
});
