import { readdirSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

/**
 * Jest's global setup: refuses to run against a stale build. Host-based tests run the compiled `dist/` (the package
 * links itself into node_modules) while in-process tests run `provider/`, so a source file newer than its compiled
 * file would have the two halves of the suite test different code. `npm test` builds first; a lone `npx jest`
 * after an edit must too.
 */
export default function refuseStaleBuild(): void {
  const stale = sources(path.join(ROOT, "provider")).filter((source) => {
    const compiled = path.join(ROOT, "dist", path.relative(path.join(ROOT, "provider"), source)).replace(/\.ts$/, ".js");
    try {
      return statSync(compiled).mtimeMs < statSync(source).mtimeMs;
    } catch {
      return true; // not compiled at all
    }
  });
  if (stale.length) {
    const names = stale.map((file) => path.relative(ROOT, file)).join(", ");
    throw new Error(`dist/ is older than ${names}: run \`npm run build\` first (host-based tests run dist/).`);
  }
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [file] : [];
  });
}
