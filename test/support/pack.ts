import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./repo";

/**
 * `npm pack` as a maintainer runs it, lifecycle scripts and all (prepack builds and takes `prepare` out of
 * package.json, postpack puts it back), in a copy of this working tree inside `workspace`: the build and the
 * package.json edit never touch the repository while other tests read its dist/. Returns the tarball and the copy.
 */
export function packTarball(workspace: string): { tarball: string; copy: string } {
  const copy = path.join(workspace, "packed-from");
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO_ROOT, encoding: "utf8" })
    .split("\0")
    .filter((file) => file !== "" && existsSync(path.join(REPO_ROOT, file))); // not the ones deleted but not committed
  for (const file of files) cpSync(path.join(REPO_ROOT, file), path.join(copy, file));
  symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
  const destination = path.join(workspace, "tarball");
  mkdirSync(destination);
  execFileSync("npm", ["pack", "--pack-destination", destination], { cwd: copy, stdio: "ignore" });
  const [tarball] = readdirSync(destination).filter((file) => file.endsWith(".tgz"));
  return { tarball: path.join(destination, tarball!), copy };
}
