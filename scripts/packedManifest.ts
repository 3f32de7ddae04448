/**
 * `prepack` / `postpack`: the packed package.json carries no `prepare` script.
 *
 * npm pack (and publish) packs package.json as it is on disk after `prepack`. A tarball needs no build (dist/ is in
 * it), yet npm 11 lists its `prepare` among the "install scripts not yet covered by allowScripts" on every install of
 * it. So `strip` takes `prepare` out, keeping the file as it was beside it, and `restore` puts that file back, byte for
 * byte. A git install still builds: npm runs `prepare` in its clone, and runs no pack scripts there.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

const MANIFEST = path.resolve(process.cwd(), "package.json");
/** package.json as it was, while a pack runs; ignored by git, and outside the packed `files`. */
const KEPT = path.resolve(process.cwd(), ".package.json.before-pack");

function strip(): void {
  if (existsSync(KEPT)) {
    // an interrupted pack: package.json may be the stripped copy, so neither file is safe to overwrite
    throw new Error(`${KEPT} exists: a pack was interrupted. It holds package.json as it was: check it, move it back, and pack again.`);
  }
  const text = readFileSync(MANIFEST, "utf8");
  const manifest = JSON.parse(text) as { scripts?: Record<string, string> };
  if (manifest.scripts?.prepare === undefined) return;
  writeFileSync(KEPT, text);
  delete manifest.scripts.prepare;
  writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
}

function restore(): void {
  if (existsSync(KEPT)) renameSync(KEPT, MANIFEST);
}

const commands: Record<string, () => void> = { strip, restore };
const command = commands[process.argv[2] ?? ""];
if (!command) throw new Error(`usage: tsx scripts/packedManifest.ts ${Object.keys(commands).join("|")}`);
command();
