#!/usr/bin/env bash
# Builds the real Pulumi CLI from the Go module proxy, at the version of @pulumi/pulumi this package is installed and
# tested with, into a cache folder keyed by that version, and prints that folder's bin directory as the LAST line of
# stdout (logs go to stderr). What the cache already holds is reused; only what is missing is built.
#
#   bin=$(scripts/pulumi-cli.sh | tail -n1) && PATH="$bin:$PATH" pulumi version
#
# The bin directory holds:
#   pulumi                          the CLI, github.com/pulumi/pulumi/pkg/v3/cmd/pulumi, built like Pulumi's release
#   pulumi-language-nodejs          the Node.js language host (where it comes from: PULUMI_LANGUAGE_NODEJS below)
#   pulumi-resource-pulumi-nodejs   what the engine runs for dynamic providers: a launcher like the script Pulumi ships
#                                   (sdk/nodejs/dist), running @pulumi/pulumi/cmd/dynamic-provider
#   pulumi-analyzer-policy-nodejs   a launcher running @pulumi/pulumi/cmd/run-policy-pack (args: engine address, pack
#                                   folder), as Pulumi's former pulumi-analyzer-policy script did. The 3.276 engine no
#                                   longer looks for it by name: it runs a pack folder through the language host's
#                                   RunPlugin, or an executable given to --policy-pack directly, which is how
#                                   test/e2e/policy.e2e.test.ts calls this launcher
#   .language-nodejs                one line: where pulumi-language-nodejs came from
# Both launchers run the `node` on PATH, resolving @pulumi/pulumi from their working directory (the project, or the
# policy pack). Callers must put Node >= 22 first on PATH (@pulumi/pulumi >= 3.249 and this package need it), e.g. run
# everything under `npx --yes --package=node@22 -- …`.
#
# Environment:
#   PULUMI_CLI_VERSION      version to build (default: the installed @pulumi/pulumi, else package-lock.json's)
#   PULUMI_CLI_CACHE        cache root, default ${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cloudflare-zero-trust/pulumi-cli;
#                           the build goes to $PULUMI_CLI_CACHE/<version>/bin
#   PULUMI_LANGUAGE_NODEJS  where the Node.js language host comes from:
#     module (default)      github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 at the CLI's version, the
#                           host Pulumi releases with that CLI. If the proxy does not serve it, stop (exit 2) with the
#                           proxy's answer, before building anything.
#     sdk-v<x.y.z>          the host from inside github.com/pulumi/pulumi/sdk/v3 v<x.y.z>: it moved to its own module
#                           after v3.68.0 (May 2023), so sdk-v3.68.0 is the newest such host. An old host for a newer
#                           CLI: it runs programs (dynamic providers included), but it has no RunPlugin, so Node policy
#                           packs (--policy-pack) cannot run with it.
#     auto                  module if the proxy serves it, else sdk-v3.68.0, with a warning; a cached host is kept.
#   GOMODCACHE, GOCACHE, GOPROXY, GOFLAGS, GOTOOLCHAIN are honoured (-modcacherw is added so temporary caches can be
#   deleted). A Go older than the go line of pkg/v3's go.mod (1.26.6 for v3.276.0) needs GOTOOLCHAIN=auto, which
#   fetches that toolchain from the proxy (golang.org/toolchain).
#
# Why a wrapper module: `go install …@version` refuses a module whose go.mod has replace lines, and both pkg/v3 and the
# language host have them (the sdk => ../sdk, a fork of atotto/clipboard, …). The script generates, in a temporary
# directory, a module that requires the release and repeats its go.mod's replaces, then builds the main package.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log() { printf '[pulumi-cli] %s\n' "$*" >&2; }

# JSON on stdin; argument: a JavaScript expression of `j`. Prints the result (one line per array item), nothing for
# null/undefined or for input that is not JSON.
js() {
  node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    let j; try { j = JSON.parse(s); } catch { j = {}; }
    const r = new Function("j", `return (${process.argv[1]});`)(j);
    if (r !== undefined && r !== null) console.log([].concat(r).join("\n"));
  });' "$1"
}

# One source of truth: the @pulumi/pulumi the package is installed and tested with.
pulumi_sdk_version() {
  node -e '
    const fs = require("fs"), path = require("path"), root = process.argv[1];
    const installed = path.join(root, "node_modules/@pulumi/pulumi/package.json");
    if (fs.existsSync(installed)) { console.log(JSON.parse(fs.readFileSync(installed, "utf8")).version); process.exit(0); }
    const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8"));
    console.log(lock.packages["node_modules/@pulumi/pulumi"].version);
  ' "$ROOT"
}

VERSION=${PULUMI_CLI_VERSION:-$(pulumi_sdk_version)}
VERSION=${VERSION#v}
CACHE_ROOT=${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cloudflare-zero-trust/pulumi-cli}
BIN="$CACHE_ROOT/$VERSION/bin"
LANGHOST=${PULUMI_LANGUAGE_NODEJS:-module}
OLD_SDK_HOST=sdk-v3.68.0
LH_MODULE=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3

case "$LANGHOST" in module | auto | sdk-v*) ;; *) log "PULUMI_LANGUAGE_NODEJS: module, auto or sdk-v<version>, not '$LANGHOST'"; exit 1 ;; esac

cached_cli() { [[ -x "$BIN/pulumi" && "$("$BIN/pulumi" version 2>/dev/null)" == "v$VERSION" ]]; }
cached_host() { [[ -x "$BIN/pulumi-language-nodejs" && -f "$BIN/.language-nodejs" ]] && cat "$BIN/.language-nodejs"; }
host_ok() {  # is the cached host what was asked for?
  local have
  have=$(cached_host) || return 1
  case "$LANGHOST" in
    auto) return 0 ;;
    module) [[ "$have" == "$LH_MODULE@v$VERSION" ]] ;;
    *) [[ "$have" == "github.com/pulumi/pulumi/sdk/v3@${LANGHOST#sdk-} (nodejs/cmd/pulumi-language-nodejs)" ]] ;;
  esac
}

write_launchers() {  # into $1; cheap, so always rewritten
  launcher() {  # dir, name, module
    cat >"$1/$2.tmp" <<EOF
#!/bin/sh
# Generated by pulumi-cloudflare-zero-trust's scripts/pulumi-cli.sh; does what Pulumi's sdk/nodejs/dist scripts do:
# runs $3 of the @pulumi/pulumi that the working directory resolves, on the \`node\` on PATH (must be >= 22).
script=\$(node -e "console.log(require.resolve('$3'))") || exit 1
exec node "\$script" "\$@"
EOF
    chmod +x "$1/$2.tmp" && mv "$1/$2.tmp" "$1/$2"
  }
  launcher "$1" pulumi-resource-pulumi-nodejs @pulumi/pulumi/cmd/dynamic-provider
  launcher "$1" pulumi-analyzer-policy-nodejs @pulumi/pulumi/cmd/run-policy-pack
}

if cached_cli && host_ok; then
  write_launchers "$BIN"
  log "reusing $BIN: pulumi $VERSION, language host $(cached_host)"
  echo "$BIN"
  exit 0
fi

command -v go >/dev/null || { log "Go is needed to build the Pulumi CLI (go >= the go line of pulumi/pkg/v3 v$VERSION's go.mod)"; exit 1; }
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-modcacherw"
# As Pulumi's release build does (.goreleaser.yml): -trimpath, pure-Go os/user, grpc without x/net/trace, stripped,
# the version stamped into sdk/v3/go/common/version.Version (what `pulumi version` prints). CGO off: a static binary.
export CGO_ENABLED=${CGO_ENABLED:-0}
TAGS=osusergo,grpcnotrace
version_ldflags() { echo "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$1"; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pulumi-cli-build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$BIN"
T0=$SECONDS
log "building into $BIN (GOMODCACHE=$(go env GOMODCACHE), GOCACHE=$(go env GOCACHE), GOPROXY=$(go env GOPROXY))"

# `go mod download -json module@version`: prints the go.mod file's path, or fails printing the proxy's error.
go_mod_file() {
  local json
  json=$(go mod download -json "$1" 2>/dev/null || true)
  if [[ -z "$(js j.GoMod <<<"$json")" ]]; then
    log "go mod download $1: $(js 'j.Error || "failed"' <<<"$json")"
    return 1
  fi
  js j.GoMod <<<"$json"
}

# A fresh wrapper module $WORK/$1 for the release whose go.mod is $2 (its go line and replaces are repeated); $3 is the
# release's version, which local-path replaces of github.com/pulumi/pulumi/* modules (e.g. sdk => ../sdk) are pinned to.
wrapper() {
  local dir="$WORK/$1" gomod=$2 version=$3 old old_version new new_version
  mkdir -p "$dir"
  (cd "$dir" && go mod init "local.invalid/pulumi-cli-build/$1" 2>/dev/null && go mod edit -go="$(go mod edit -json "$gomod" | js j.Go)")
  while IFS="|" read -r old old_version new new_version; do
    if [[ -n "$new_version" ]]; then
      log "  replace $old${old_version:+@$old_version} => $new $new_version"
      (cd "$dir" && go mod edit -replace "$old${old_version:+@$old_version}=$new@$new_version")
    elif [[ "$old" == github.com/pulumi/pulumi/* ]]; then
      log "  replace $old => $new upstream: pinned to $version"
      (cd "$dir" && go mod edit -require "$old@$version" -replace "$old=$old@$version")
    else
      log "  local replace $old => $new upstream: not repeated"
    fi
  done < <(go mod edit -json "$gomod" | js '(j.Replace || []).map((r) => [r.Old.Path, r.Old.Version || "", r.New.Path, r.New.Version || ""].join("|"))')
}

build() {  # wrapper dir, package@version, output name, version to stamp
  local dir=$1 pkg=${2%@*} out=$3 t0=$SECONDS
  log "go get $2"
  (cd "$dir" && go get "$2" 2>"$WORK/get.log") || { cat "$WORK/get.log" >&2; return 1; }
  log "  modules resolved in $((SECONDS - t0))s; go build $pkg"
  (cd "$dir" && go build -trimpath -tags "$TAGS" -ldflags "$(version_ldflags "$4")" -o "$WORK/$out" "$pkg")
  mv "$WORK/$out" "$BIN/$out"
  log "  $out built in $((SECONDS - t0))s, $(du -h "$BIN/$out" | cut -f1)"
}

# 1. Where the language host comes from, decided before the long CLI build so that a refusal costs nothing.
lh_source=
if ! host_ok; then
  case "$LANGHOST" in
    module | auto)
      if lh_gomod=$(go_mod_file "$LH_MODULE@v$VERSION"); then
        lh_source=module
      elif [[ "$LANGHOST" == auto ]]; then
        log "WARNING: the proxy does not serve the Node.js language host of Pulumi v$VERSION; building the one inside"
        log "         github.com/pulumi/pulumi/sdk/v3 ${OLD_SDK_HOST#sdk-} instead (an older host; no Node policy packs)"
        lh_source=$OLD_SDK_HOST
      else
        log "ERROR: the Go module proxy ($(go env GOPROXY)) does not serve $LH_MODULE@v$VERSION, the Node.js language"
        log "       host of Pulumi v$VERSION; without a language host the CLI cannot run a Node.js program. It has no tags of"
        log "       its own upstream (only pseudo-versions of the release commit can name it). PULUMI_LANGUAGE_NODEJS=auto or"
        log "       =$OLD_SDK_HOST builds the newest host the proxy does serve, inside sdk/v3 ${OLD_SDK_HOST#sdk-} (May 2023)."
        exit 2
      fi
      ;;
    *) lh_source=$LANGHOST ;;
  esac
fi

# 2. The CLI: pkg/v3 at the release, with pkg's replaces repeated.
if ! cached_cli; then
  pkg_gomod=$(go_mod_file "github.com/pulumi/pulumi/pkg/v3@v$VERSION")
  wrapper cli "$pkg_gomod" "v$VERSION"
  build "$WORK/cli" "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$VERSION" pulumi "v$VERSION"
fi

# 3. The Node.js language host.
case "$lh_source" in
  "") ;;
  module)
    # Its go.mod requires pkg/v3 and sdk/v3 at placeholder versions and replaces them with local paths: `wrapper` pins
    # both to the release.
    wrapper language-nodejs "$lh_gomod" "v$VERSION"
    build "$WORK/language-nodejs" "$LH_MODULE@v$VERSION" pulumi-language-nodejs "v$VERSION"
    echo "$LH_MODULE@v$VERSION" >"$BIN/.language-nodejs"
    ;;
  sdk-v*)
    sdk=${lh_source#sdk-}
    wrapper language-nodejs "$(go_mod_file "github.com/pulumi/pulumi/sdk/v3@$sdk")" "$sdk"
    build "$WORK/language-nodejs" "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs@$sdk" pulumi-language-nodejs "$sdk"
    echo "github.com/pulumi/pulumi/sdk/v3@$sdk (nodejs/cmd/pulumi-language-nodejs)" >"$BIN/.language-nodejs"
    ;;
esac

# 4. The launchers Pulumi's distribution ships as scripts.
write_launchers "$BIN"

log "done in $((SECONDS - T0))s: pulumi $("$BIN/pulumi" version), language host $(cached_host); $(du -sh "$BIN" | cut -f1) in $BIN"
echo "$BIN"
