import { isPlainObject } from "../model/naming";

/**
 * Secret values this process has seen, and the text without them. Kept apart from the rest of secrets.ts so that
 * the one printer (`log` in runtime.ts) can use it without a cycle.
 */

/** Shorter values would blank out ordinary words; plan lines never show a secret argument at any length. */
const SHORTEST = 3;
const secretValues = new Set<string>();
let pattern: RegExp | undefined;

/** Remembers every text in a secret value (its strings, at any depth), in every form a line may carry it. */
export function rememberSecretValue(value: unknown): void {
  let added = false;
  for (const text of strings(value)) {
    for (const form of [text, JSON.stringify(text).slice(1, -1)]) {
      const key = form.toLowerCase();
      if (form.length >= SHORTEST && !secretValues.has(key)) {
        secretValues.add(key);
        added = true;
      }
    }
  }
  // longest first, so that a value containing another is replaced whole
  if (added) pattern = new RegExp([...secretValues].sort((a, b) => b.length - a.length).map(escape).join("|"), "gi");
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  return isPlainObject(value) ? Object.values(value).flatMap(strings) : [];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The text with every secret value this process has seen replaced by `[secret]`, in any letter case. */
export function redact(text: string): string {
  return pattern ? text.replace(pattern, "[secret]") : text;
}
