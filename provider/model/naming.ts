import { isRawJson } from "./json";

/**
 * The mapping between Pulumi names and the API's, for the names this package models and no others: every modelled
 * key is the API's snake_case name in lowerCamelCase (`auth_domain` ↔ `authDomain`, `warp_auth_non_browser_401` ↔
 * `warpAuthNonBrowser401`). A key the package does not know is never renamed, at any depth: a rename rule cannot
 * guess the API's spelling of a name it has not seen (`fido2_only` would come back as `fido_2_only`), and a field
 * Cloudflare adds must be written back exactly as read. Values are untouched.
 */

export type PlainObject = Record<string, unknown>;

/** An object with members: not a list, and not a number kept as its text (json.ts), which is one value. */
export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !isRawJson(value);
}

/** The modelled names, in Pulumi's spelling, each with the names of its members (none for a value that is not an object). */
export interface NameTree {
  readonly [name: string]: NameTree;
}

/** How a modelled Pulumi name is spelled on the wire; used only to build a `WireNames` from a known schema. */
function camelToSnake(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([a-zA-Z])(\d)/g, "$1_$2")
    .toLowerCase();
}

interface Entry {
  readonly name: string;
  readonly members: WireNames;
}

/** Both directions of the mapping for one object's modelled keys, and of their members'. */
export class WireNames {
  private readonly byPulumi = new Map<string, Entry>();
  private readonly byWire = new Map<string, Entry>();

  constructor(tree: NameTree = {}) {
    for (const [name, members] of Object.entries(tree)) {
      const wire = camelToSnake(name);
      const nested = new WireNames(members);
      this.byPulumi.set(name, { name: wire, members: nested });
      this.byWire.set(wire, { name, members: nested });
    }
  }

  /** The modelled keys, by their Pulumi names. */
  get names(): string[] {
    return [...this.byPulumi.keys()];
  }

  /** The wire name of a modelled key; undefined for a key the package does not know. */
  wireName(name: string): string | undefined {
    return this.byPulumi.get(name)?.name;
  }

  /** The Pulumi name of a modelled wire key; undefined for a key the package does not know. */
  pulumiName(wire: string): string | undefined {
    return this.byWire.get(wire)?.name;
  }

  /** The names of a modelled key's members (by its Pulumi name); undefined for a key the package does not know. */
  members(name: string): WireNames | undefined {
    return this.byPulumi.get(name)?.members;
  }

  /** The names of a modelled wire key's members; undefined for a key the package does not know. */
  wireMembers(wire: string): WireNames | undefined {
    return this.byWire.get(wire)?.members;
  }

  /** A dotted Pulumi path (`mfaConfig.sessionDuration`) in wire names; a key the package does not know stays as it is. */
  wirePath(path: string): string {
    const keys = path.split(".");
    const [first, ...rest] = keys;
    const entry = this.byPulumi.get(first!);
    if (!entry) return path;
    return rest.length ? `${entry.name}.${entry.members.wirePath(rest.join("."))}` : entry.name;
  }

  /** Whether the key has modelled members (an object setting such as `mfaConfig`). */
  get hasMembers(): boolean {
    return this.byPulumi.size > 0;
  }

  /** Pulumi-shaped → wire, recursively for modelled keys; every other key stays as it is, value and all. */
  toWire<T = PlainObject>(value: unknown): T {
    return this.rename(value, "toWire") as T;
  }

  /** Wire → Pulumi-shaped, recursively for modelled keys; every other key stays as it is, value and all. */
  fromWire<T = PlainObject>(value: unknown): T {
    return this.rename(value, "fromWire") as T;
  }

  private rename(value: unknown, direction: "toWire" | "fromWire"): unknown {
    if (!isPlainObject(value)) return value;
    const names = direction === "toWire" ? this.byPulumi : this.byWire;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => {
        const entry = names.get(key);
        if (!entry) return [key, item];
        const renamed = Array.isArray(item) ? item.map((element) => entry.members.rename(element, direction)) : entry.members.rename(item, direction);
        return [entry.name, renamed];
      }),
    );
  }
}
