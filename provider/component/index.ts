export { HardenedZeroTrustOrganization, type HardenedZeroTrustOrganizationArgs } from "./hardened";
export { PRESETS, type PresetName } from "../model/presets";
