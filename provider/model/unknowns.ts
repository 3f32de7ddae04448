import { isPlainObject, type PlainObject } from "./naming";

/**
 * During a preview, a value another resource will compute arrives in a dynamic provider's inputs as Pulumi's unknown
 * sentinel: this string, which @pulumi/pulumi/runtime exports as `unknownValue` (test/model/unknowns.test.ts checks
 * they are one; written here so that the model needs no Pulumi). It is not wrong, just not known yet: validation
 * skips it, and diff counts it as a change.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN || (Array.isArray(value) && value.some(isUnknown));
}

/** The inputs without unknown values, and the dotted paths where they were (a list with one is unknown whole). */
export function withoutUnknowns(value: PlainObject, prefix = ""): { known: PlainObject; unknown: string[] } {
  const known: PlainObject = {};
  const unknown: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const path = prefix + key;
    if (isUnknown(item)) unknown.push(path);
    else if (isPlainObject(item)) {
      const inner = withoutUnknowns(item, `${path}.`);
      known[key] = inner.known;
      unknown.push(...inner.unknown);
    } else known[key] = item;
  }
  return { known, unknown };
}

/** Puts the unknown values of `original` back into `known` at their paths. */
export function restoreUnknowns(known: PlainObject, original: PlainObject, unknown: readonly string[]): PlainObject {
  const out = structuredClone(known);
  for (const path of unknown) {
    const keys = path.split(".");
    let source: unknown = original;
    let target: PlainObject = out;
    keys.forEach((key, i) => {
      source = isPlainObject(source) ? source[key] : undefined;
      if (i === keys.length - 1) target[key] = source;
      else target = (isPlainObject(target[key]) ? target[key] : (target[key] = {})) as PlainObject;
    });
  }
  return out;
}

/** Whether a path is known: neither it nor anything it lies inside is unknown. */
export function knownPath(unknown: readonly string[]): (path: string) => boolean {
  return (path) => !unknown.some((u) => path === u || path.startsWith(`${u}.`));
}
