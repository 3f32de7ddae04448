#!/usr/bin/env bash
# Smoke test with the real Pulumi CLI: a throw-away TypeScript project that installs this package from its packed
# tarball runs `pulumi preview`, `pulumi up`, a no-change preview, `pulumi stack export` and `pulumi destroy` of a
# ZeroTrustOrganization against the package's local Cloudflare API (pulumi-cloudflare-zero-trust/testing, started as
# its own process), on a local file backend with its own PULUMI_HOME: no service, no account, no global state.
#
#   scripts/e2e-smoke.sh [<bin dir of scripts/pulumi-cli.sh>]
#
# Needs `npm ci` done in the repository (the tarball is `npm pack`ed from it) and Node >= 22 (if the `node` on PATH is
# older, the script re-runs itself under `npx --yes --package=node@22`). Without an argument it runs
# scripts/pulumi-cli.sh to get the bin directory. E2E_SMOKE_KEEP=1 keeps the temporary directory (outputs of each
# command in out/). Exit status non-zero on any failed command or check.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if (($(node -p 'process.versions.node.split(".")[0]') < 22)); then
  exec npx --yes --package=node@22 -- bash "${BASH_SOURCE[0]}" "$@"
fi
log() { printf '[e2e-smoke] %s\n' "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

BIN=${1:-$("$ROOT/scripts/pulumi-cli.sh" | tail -n1)}
[[ -x "$BIN/pulumi" ]] || fail "no pulumi in '$BIN'"
export PATH="$BIN:$PATH"

ACCOUNT=699d98642c564d2e855e9661899b7252
TMP=$(mktemp -d "${TMPDIR:-/tmp}/zt-e2e-smoke.XXXXXX")
FAKE_PID=
cleanup() {
  [[ -n "$FAKE_PID" ]] && kill "$FAKE_PID" 2>/dev/null || true
  if [[ "${E2E_SMOKE_KEEP:-}" == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
PROJECT="$TMP/project"
OUT="$TMP/out"
mkdir -p "$PROJECT" "$OUT" "$TMP/pulumi-home" "$TMP/backend"

# Milliseconds since the epoch, and a command timed into TIMINGS, its stdout+stderr into $OUT/<label>.txt.
now_ms() { date +%s%3N; }
TIMINGS=()
step() {  # label, command…
  local label=$1 start rc=0
  shift
  start=$(now_ms)
  "$@" >"$OUT/$label.txt" 2>&1 || rc=$?
  TIMINGS+=("$(printf '%-22s %6d ms  %s' "$label" "$(($(now_ms) - start))" "$*")")
  if ((rc != 0)); then
    cat "$OUT/$label.txt" >&2
    fail "$* (exit $rc)"
  fi
}
expect() {  # label, fixed string expected in $OUT/<label>.txt
  grep -qF -- "$2" "$OUT/$1.txt" || { cat "$OUT/$1.txt" >&2; fail "$1: expected '$2'"; }
}

log "pulumi $(pulumi version), language host: $(cat "$BIN/.language-nodejs" 2>/dev/null || echo unknown), node $(node --version)"

# 1. The package as users get it: the packed tarball (`prepare` builds dist/).
pack() (cd "$ROOT" && npm pack --pack-destination "$TMP")
step pack pack
TARBALL=$(ls "$TMP"/*.tgz) || fail "npm pack produced no tarball"

# 2. A TypeScript project: the same @pulumi/pulumi and typescript as the repository's, ajv for the local API.
installed() { node -p 'require(process.argv[1] + "/package.json").version' "$ROOT/node_modules/$1"; }
cat >"$PROJECT/package.json" <<EOF
{
  "name": "zt-e2e-smoke",
  "private": true,
  "main": "index.ts",
  "dependencies": {
    "@pulumi/pulumi": "$(installed @pulumi/pulumi)",
    "pulumi-cloudflare-zero-trust": "file:$TARBALL"
  },
  "devDependencies": {
    "@types/node": "$(installed @types/node)",
    "ajv": "$(installed ajv)",
    "ajv-formats": "$(installed ajv-formats)",
    "typescript": "$(installed typescript)"
  }
}
EOF
cat >"$PROJECT/Pulumi.yaml" <<'EOF'
name: zt-e2e-smoke
runtime: nodejs
description: scripts/e2e-smoke.sh of pulumi-cloudflare-zero-trust
EOF
cat >"$PROJECT/tsconfig.json" <<'EOF'
{
  "compilerOptions": {
    "strict": true, "target": "es2022", "module": "commonjs", "moduleResolution": "node",
    "esModuleInterop": true, "skipLibCheck": true
  },
  "include": ["*.ts"]
}
EOF
cat >"$PROJECT/index.ts" <<'EOF'
import * as pulumi from "@pulumi/pulumi";
import { ZeroTrustOrganization } from "pulumi-cloudflare-zero-trust";

const config = new pulumi.Config();
const org = new ZeroTrustOrganization("smoke", {
  accountId: config.require("accountId"),
  mfaConfig: { allowedAuthenticators: ["security_key", "biometrics"], sessionDuration: "12h" },
});
export const authDomain = org.authDomain;
export const adopted = org.adopted;
EOF
# The local Cloudflare API in its own process: prints its environment (CLOUDFLARE_BASE_URL, CLOUDFLARE_API_TOKEN) as
# one JSON line, then serves until killed. The organization exists already, "set up by hand".
cat >"$PROJECT/fake-cloudflare.js" <<EOF
const { FakeCloudflare } = require("pulumi-cloudflare-zero-trust/testing");
FakeCloudflare.start().then((fake) => {
  fake.seedOrganization("accounts", "$ACCOUNT", {
    name: "Widget Corp", auth_domain: "widgetcorp.cloudflareaccess.com", session_duration: "12h",
  });
  process.on("SIGTERM", () => fake.close().then(() => process.exit(0)));
  console.log(JSON.stringify(fake.env));
});
EOF
install() (cd "$PROJECT" && npm install --no-audit --no-fund --prefer-offline)
step npm-install install

(cd "$PROJECT" && exec node fake-cloudflare.js >"$OUT/fake-cloudflare.txt" 2>&1) &
FAKE_PID=$!
for _ in $(seq 100); do [[ -s "$OUT/fake-cloudflare.txt" ]] && break; sleep 0.1; done
FAKE_ENV=$(head -n1 "$OUT/fake-cloudflare.txt")
export CLOUDFLARE_BASE_URL CLOUDFLARE_API_TOKEN
CLOUDFLARE_BASE_URL=$(node -p 'JSON.parse(process.argv[1]).CLOUDFLARE_BASE_URL' "$FAKE_ENV") || fail "local API: $(cat "$OUT/fake-cloudflare.txt")"
CLOUDFLARE_API_TOKEN=$(node -p 'JSON.parse(process.argv[1]).CLOUDFLARE_API_TOKEN' "$FAKE_ENV")
log "local Cloudflare API at $CLOUDFLARE_BASE_URL"

# 3. The Pulumi CLI, all state in $TMP.
export PULUMI_HOME="$TMP/pulumi-home" PULUMI_BACKEND_URL="file://$TMP/backend" PULUMI_CONFIG_PASSPHRASE=smoke \
  PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DIY_BACKEND_NO_LEGACY_WARNING=true
cd "$PROJECT"
step version pulumi version
step stack-init pulumi stack init smoke --non-interactive
step config pulumi config set accountId "$ACCOUNT" --non-interactive
step preview pulumi preview --non-interactive
expect preview "+  pulumi-nodejs:dynamic/cloudflare-zero-trust:ZeroTrustOrganization smoke create"
expect preview 'adopts "Widget Corp" (widgetcorp.cloudflareaccess.com): 2 settings change'
step up pulumi up --yes --skip-preview --non-interactive
expect up "ZeroTrustOrganization smoke created"
expect up "Adopted the existing Zero Trust organization of account $ACCOUNT"
step preview-again pulumi preview --expect-no-changes --non-interactive
step export pulumi stack export --file "$OUT/stack.json"
node -e '
  const state = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const org = state.deployment.resources.find((r) => r.type.endsWith(":ZeroTrustOrganization"));
  if (!org || org.id !== `accounts/${process.argv[2]}` || org.outputs.adopted !== true) throw new Error("stack export: " + JSON.stringify(org));
  if (JSON.stringify(org.outputs).includes(process.env.CLOUDFLARE_API_TOKEN)) throw new Error("the API token is in the state");
' "$OUT/stack.json" "$ACCOUNT" || fail "stack export does not hold the adopted organization"
node -e '
  const [base, account] = process.argv.slice(1);
  fetch(`${base}/accounts/${account}/access/organizations`, { headers: { authorization: `Bearer ${process.env.CLOUDFLARE_API_TOKEN}` } })
    .then((r) => r.json())
    .then(({ result }) => {
      const mfa = result.mfa_config ?? {};
      const ok = result.name === "Widget Corp" && mfa.session_duration === "12h" && [...(mfa.allowed_authenticators ?? [])].sort().join() === "biometrics,security_key";
      if (!ok) { console.error(JSON.stringify(result)); process.exit(1); }
    });
' "$CLOUDFLARE_BASE_URL" "$ACCOUNT" || fail "the local API does not hold the settings of the program"
step destroy pulumi destroy --yes --skip-preview --non-interactive
step stack-rm pulumi stack rm smoke --yes --non-interactive

log "passed:"
printf '  %s\n' "${TIMINGS[@]}" >&2
