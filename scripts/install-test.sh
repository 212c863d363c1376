#!/usr/bin/env bash
# The install test: Netseal installed the way a platform team installs it. Packs every
# publishable package (yarn pack), serves the tarballs as the @netseal scope of a package
# registry on 127.0.0.1, makes a fresh app with @backstage/create-app at the release in
# backstage.json, follows docs/install.md in it block by block
# (scripts/install-test/followDocs.js), starts it (`yarn start`) against two Kubernetes
# API test servers, and checks in Chromium that the entity tab shows the policies, that a
# live edit turns one drifted, and that the fleet page lists the clusters. Once in the new
# frontend system and once in the legacy one (`create-app --legacy`).
#
#   scripts/install-test.sh                 both frontend systems
#   scripts/install-test.sh new             one of them (new | legacy)
#   scripts/install-test.sh --fresh ...     make the apps afresh even when cached
#   scripts/install-test.sh --no-pack ...   reuse the last run's tarballs (to iterate on
#                                           docs/install.md; the packages are not rebuilt)
#
# A failure names the docs step it was following. Everything lands under
# .tools/install-test: the tarballs, the apps, Yarn's and npm's caches. An app is made and
# installed once per create-app release and Node version, committed to a Git repository
# of its own, and put back to that commit (sources and node_modules) at every run, so a
# second run costs the docs' steps, not create-app's whole install. Timings of every step
# are printed at the end and written to .tools/install-test/timings.txt.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/env.sh"
source "$here/demo-clusters.sh"

variants=()
fresh=false
pack=true
for arg in "$@"; do
  case "$arg" in
    new | legacy) variants+=("$arg") ;;
    --fresh) fresh=true ;;
    --no-pack) pack=false ;;
    *) netseal_log "unknown argument '$arg' (known: new, legacy, --fresh, --no-pack)"; exit 2 ;;
  esac
done
[ "${#variants[@]}" -gt 0 ] || variants=(new legacy)

netseal_setup
cd "$NETSEAL_ROOT"

T="$NETSEAL_TOOLS/install-test"
mkdir -p "$T"
# The create-app release that makes an app of the Backstage release in backstage.json;
# checked against the backstage.json of the app it makes.
CREATE_APP_VERSION="${NETSEAL_CREATE_APP_VERSION:-0.9.2}"
BACKSTAGE_RELEASE="$(node -p 'require("./backstage.json").version')"

# ── steps, their timings, and the step a failure happened in ──────────────────────────
current_step=""
step_started=$SECONDS
timings=()
step() {
  end_step
  current_step="$1"
  step_started=$SECONDS
  netseal_log "── $current_step"
}
end_step() {
  if [ -n "$current_step" ]; then
    timings+=("$(printf '%5ss  %s' "$((SECONDS - step_started))" "$current_step")")
  fi
  current_step=""
}

pids=()
app_group=""
finish() {
  local status=$?
  [ -n "$app_group" ] && kill -- "-$app_group" 2>/dev/null
  [ "${#pids[@]}" -gt 0 ] && kill "${pids[@]}" 2>/dev/null
  netseal_stop_demo_clusters
  local failed_step="$current_step"
  end_step
  {
    printf 'install test of %s, %s (load %s)\n' "${variants[*]}" "$(date -u +%FT%TZ)" "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf '%s\n' "${timings[@]}"
  } >"$T/timings.txt"
  cat "$T/timings.txt" >&2
  if [ "$status" != 0 ]; then
    netseal_log "install test FAILED at: ${failed_step:-set-up}"
    netseal_log "logs: $T/*.log and $T/apps/*/start.log"
  else
    netseal_log "install test passed: ${variants[*]}"
  fi
}
trap finish EXIT

# Runs a command in an app, with Yarn's cache and the registry settings of this test.
in_app() {
  local app="$1"
  shift
  (cd "$app" && YARN_GLOBAL_FOLDER="$T/yarn" YARN_ENABLE_TELEMETRY=0 "$@")
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

await_url() {
  local url="$1" seconds="$2" log="$3"
  local deadline=$((SECONDS + seconds))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      netseal_log "$url did not answer within ${seconds}s; the last lines of $log:"
      tail -n 40 "$log" >&2
      return 1
    fi
    if [ -n "$app_group" ] && ! kill -0 "$app_group" 2>/dev/null; then
      netseal_log "the app stopped; the last lines of $log:"
      tail -n 40 "$log" >&2
      return 1
    fi
    sleep 2
  done
}

# ── 1. the tarballs ───────────────────────────────────────────────────────────────────
tarballs="$T/tarballs"
if [ "$pack" = false ] && ls "$tarballs"/*.tgz >/dev/null 2>&1; then
  step "pack: skipped (--no-pack), the last run's tarballs"
else
step "pack: yarn tsc, then build and yarn pack each publishable package (plugins/*)"
rm -rf "$tarballs" && mkdir -p "$tarballs"
yarn tsc >"$T/pack.log" 2>&1 || { tail -n 40 "$T/pack.log" >&2; exit 1; }
for manifest in plugins/*/package.json; do
  dir="$(dirname "$manifest")"
  [ "$(node -p "require('./$manifest').private === true")" = true ] && continue
  # backstage-cli's prepack points main and types at dist/, which the build makes; the
  # CLI's own prepack bundles it.
  if grep -q '"prepack": "backstage-cli package prepack"' "$manifest"; then
    (cd "$dir" && yarn build) >>"$T/pack.log" 2>&1 || { tail -n 40 "$T/pack.log" >&2; exit 1; }
  fi
  (cd "$dir" && yarn pack --out "$tarballs/%s-%v.tgz") >>"$T/pack.log" 2>&1 ||
    { tail -n 40 "$T/pack.log" >&2; exit 1; }
done
fi
ls "$tarballs" >&2

# ── 2. the registry, the clusters and the policy sources ──────────────────────────────
step "set-up: the @netseal scope's registry, two Kubernetes API test servers, the policy sources"
rm -f "$T/registry.port"
node "$here/install-test/scopeRegistry.js" --dir "$tarballs" --port-file "$T/registry.port" \
  >"$T/registry.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do [ -s "$T/registry.port" ] && break; sleep 0.2; done
[ -s "$T/registry.port" ] || { cat "$T/registry.log" >&2; exit 1; }
registry="http://127.0.0.1:$(cat "$T/registry.port")"
# Yarn keeps what it fetched by name and version: a fresh pack must never meet an old one.
rm -f "$T"/yarn/cache/@netseal-*

NETSEAL_DEMO_DIR="$T/clusters"
rm -rf "$NETSEAL_DEMO_DIR"
netseal_start_test_server demo-east 0 "$NETSEAL_ROOT/examples/demo/clusters/demo-east.yaml"
netseal_start_test_server demo-west 0 "$NETSEAL_ROOT/examples/demo/clusters/demo-west.yaml"
netseal_await_test_servers demo-east demo-west
policies="$T/policy-repo"
netseal_make_demo_policy_repo "$policies"

# The clusters as docs/configuration.md configures one: URL, CA and the two identities.
cluster_config() {
  local name="$1"
  node -e '
    const YAML = require("yaml");
    const kubeconfig = YAML.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const { server, "certificate-authority-data": caData } = kubeconfig.clusters[0].cluster;
    console.log(`    - name: ${process.argv[2]}
      url: ${server}
      serviceAccountToken: demo-reader
      caData: ${caData}
      rollout:
        serviceAccountToken: demo-rollout`);
  ' "$NETSEAL_DEMO_DIR/$name.kubeconfig" "$name"
}

# ── 3. per frontend system: a fresh app, the docs' steps, the app running, Chromium ──
# The app create-app makes, with its own @backstage dependencies held at the versions it
# wrote (each caret range resolved to its base): what create-app would install on the
# day of the release. Without that, create-app's caret ranges pull later releases' patch
# versions in, which need a later @backstage/backend-defaults than the app has.
make_app() {
  local variant="$1" app="$2"
  # What the app depends on; --fresh after a change of how it is made.
  local key="create-app $CREATE_APP_VERSION, $variant, node $(node --version)"
  if [ "$fresh" = false ] && [ -d "$app/.git" ] && [ "$(cat "$app.stamp" 2>/dev/null)" = "$key" ]; then
    step "$variant: the app create-app $CREATE_APP_VERSION made (cached: restored to its first commit)"
    # Sources only: the docs' first `yarn install` brings node_modules to the docs' state
    # from wherever the last run left it, without rebuilding create-app's better-sqlite3 12.
    git -C "$app" reset -q --hard
    git -C "$app" clean -qfdx -e node_modules -e .yarn/install-state.gz
    return 0
  fi
  step "$variant: npx @backstage/create-app@$CREATE_APP_VERSION${legacy_flag:+ $legacy_flag}, then its yarn install"
  rm -rf "$app" "$app.stamp"
  mkdir -p "$(dirname "$app")"
  (cd "$(dirname "$app")" &&
    BACKSTAGE_APP_NAME=netseal-install-test npm_config_cache="$T/npm" \
      npx --yes "@backstage/create-app@$CREATE_APP_VERSION" ${legacy_flag:-} \
      --path "$(basename "$app")" --skip-install) >"$T/$variant-create-app.log" 2>&1 ||
    { tail -n 40 "$T/$variant-create-app.log" >&2; return 1; }
  local release
  release="$(node -p "require('$app/backstage.json').version")"
  if [ "$release" != "$BACKSTAGE_RELEASE" ]; then
    netseal_log "create-app $CREATE_APP_VERSION makes Backstage $release, but backstage.json names $BACKSTAGE_RELEASE: set NETSEAL_CREATE_APP_VERSION to the create-app of $BACKSTAGE_RELEASE"
    return 1
  fi
  node -e '
    const fs = require("fs");
    const app = process.argv[1];
    const files = ["package.json", "packages/app/package.json", "packages/backend/package.json"];
    const pins = {};
    for (const file of files) {
      const pkg = JSON.parse(fs.readFileSync(`${app}/${file}`, "utf8"));
      for (const field of ["dependencies", "devDependencies"]) {
        for (const [name, range] of Object.entries(pkg[field] ?? {})) {
          const base = /^\^(\d+\.\d+\.\d+)$/.exec(range);
          if (name.startsWith("@backstage/") && base) pins[`${name}@npm:${range}`] = base[1];
        }
      }
    }
    const root = JSON.parse(fs.readFileSync(`${app}/package.json`, "utf8"));
    root.resolutions = { ...root.resolutions, ...pins };
    fs.writeFileSync(`${app}/package.json`, JSON.stringify(root, null, 2) + "\n");
    console.log(`held ${Object.keys(pins).length} @backstage dependencies at the release`);
  ' "$app"
  # Without build scripts: the docs' own `yarn install` builds what the app keeps, and
  # create-app's better-sqlite3 12 (compiled from source on Node 24) is replaced by then.
  in_app "$app" yarn install --mode=skip-build >"$T/$variant-install.log" 2>&1 ||
    { tail -n 40 "$T/$variant-install.log" >&2; return 1; }
  git -C "$app" init -q -b main 2>/dev/null || true
  git -C "$app" add -A
  git -C "$app" -c user.name=install-test -c user.email=install-test@localhost \
    -c commit.gpgsign=false commit -q -m "create-app $CREATE_APP_VERSION, held at Backstage $release"
  echo "$key" >"$app.stamp"
}

follow() {
  local app="$1" section="$2" blocks="${3:-}"
  step "docs/install.md § $section${blocks:+ (blocks $blocks)}"
  in_app "$app" node "$here/install-test/followDocs.js" --app "$app" --section "$section" \
    ${blocks:+--blocks "$blocks"}
}

run_variant() {
  local variant="$1"
  local app="$T/apps/$variant"
  legacy_flag=""
  [ "$variant" = legacy ] && legacy_flag="--legacy"
  make_app "$variant" "$app"

  # This test's stand-in for a registry that has Netseal: the @netseal scope comes from
  # 127.0.0.1, everything else from the app's default registry.
  step "$variant: point the app's @netseal scope at the test's registry ($registry)"
  cat >>"$app/.yarnrc.yml" <<YARNRC
npmScopes:
  netseal:
    npmRegistryServer: "$registry"
unsafeHttpWhitelist:
  - 127.0.0.1
YARNRC

  follow "$app" "Before you start"
  # Block 3 is the reader identity's ClusterRole, for the cluster, not the app.
  follow "$app" "Backend" 1,2
  follow "$app" "GitHub"
  follow "$app" "Local Git"
  follow "$app" "Notifications, signals and metrics"
  if [ "$variant" = new ]; then
    follow "$app" "Frontend, new frontend system" 1
  else
    follow "$app" "Frontend, legacy system"
  fi

  step "$variant: no unmet peer dependency of a Netseal package (yarn explain peer-requirements)"
  local unmet
  unmet="$(in_app "$app" yarn explain peer-requirements | grep '✘' | grep '@netseal/' || true)"
  if [ -n "$unmet" ]; then
    printf '%s\n' "$unmet" >&2
    return 1
  fi

  step "$variant: no @backstage package in a second version from the docs' steps (against the yarn.lock create-app made)"
  git -C "$app" show HEAD:yarn.lock >"$T/$variant-create-app.lock"
  in_app "$app" node -e '
    // A range of ours that an app of this release cannot meet with its own copy puts a
    // second copy next to it (docs/releasing.md#backstage-releases). What the app of
    // create-app already held twice (its transitive caret ranges reach later packages)
    // is not ours, and is only listed.
    const fs = require("fs");
    const versionsIn = text => {
      const versions = new Map();
      for (const m of text.matchAll(/^"(@backstage\/[^@"]+)@[^\n]*:\n  version: ([^\n]+)/gm)) {
        if (!versions.has(m[1])) versions.set(m[1], new Set());
        versions.get(m[1]).add(m[2]);
      }
      return versions;
    };
    const before = versionsIn(fs.readFileSync(process.argv[1], "utf8"));
    const after = versionsIn(fs.readFileSync("yarn.lock", "utf8"));
    const list = entries => entries.map(([n, v]) => `${n} (${[...v].join(", ")})`).join("; ");
    const already = [...before].filter(([, v]) => v.size > 1);
    console.log(`the app create-app made holds ${already.length} @backstage packages in two versions${already.length ? `: ${list(already)}` : ""}`);
    const added = [...after].filter(
      ([name, v]) => v.size > 1 && [...v].some(version => !before.get(name)?.has(version)),
    );
    if (added.length) {
      console.error(`the steps of the docs installed a second version of: ${list(added)}; a Netseal package asks for a version the Backstage release does not have (yarn why <package>)`);
      process.exit(1);
    }
    console.log("the steps of the docs installed no @backstage package in a second version");
  ' "$T/$variant-create-app.lock"

  step "$variant: the app type-checks (yarn tsc), as create-app's own last step does"
  in_app "$app" yarn tsc >"$T/$variant-tsc.log" 2>&1 || { tail -n 60 "$T/$variant-tsc.log" >&2; return 1; }

  step "$variant: yarn start, against the test servers (docs/configuration.md's cluster settings)"
  local app_port backend_port
  app_port="$(free_port)"
  backend_port="$(free_port)"
  {
    cat <<CONFIG
# Written by scripts/install-test.sh: this run's ports, catalog and clusters.
app:
  baseUrl: http://127.0.0.1:$app_port
backend:
  baseUrl: http://127.0.0.1:$backend_port
  listen:
    host: 127.0.0.1
    port: $backend_port
  cors:
    origin: http://127.0.0.1:$app_port
catalog:
  locations:
    - type: file
      target: $policies/entities.yaml
    - type: file
      target: $NETSEAL_ROOT/examples/org.yaml
      rules:
        - allow: [User, Group]
netseal:
  localGitReader:
    allow: [$policies]
  clusters:
CONFIG
    cluster_config demo-east
    cluster_config demo-west
  } >"$app/app-config.local.yaml"
  # In a session of its own, so that stopping it stops the frontend and backend it starts.
  YARN_GLOBAL_FOLDER="$T/yarn" BROWSER=none GITHUB_WEBHOOK_SECRET=install-test \
    setsid bash -c 'cd "$1" && exec yarn start' start "$app" >"$app/start.log" 2>&1 &
  app_group=$!
  await_url "http://127.0.0.1:$backend_port/api/netseal/health" 900 "$app/start.log"
  await_url "http://127.0.0.1:$app_port" 900 "$app/start.log"
  # Netseal's health answers once Netseal is up, even when another plugin failed to start
  # (a Backstage package of a later release than the app's backend-defaults, say).
  if grep -q 'Backend startup failed' "$app/start.log"; then
    netseal_log "the backend did not start every plugin (the docs' yarn add steps above are the suspects):"
    grep -A3 'Backend startup failed' "$app/start.log" | head -n 8 >&2
    return 1
  fi

  step "$variant: in Chromium: the entity tab's policies, a live edit turning one drifted, the fleet page's clusters"
  NETSEAL_INSTALL_TEST_URL="http://127.0.0.1:$app_port" \
    NETSEAL_INSTALL_TEST_VARIANT="$variant" \
    NETSEAL_INSTALL_TEST_KUBECONFIG="$NETSEAL_DEMO_DIR/demo-west.kubeconfig" \
    yarn playwright test --config "$here/install-test/playwright.config.ts"

  step "$variant: stop the app"
  kill -- "-$app_group" 2>/dev/null || true
  wait "$app_group" 2>/dev/null || true
  app_group=""
}

for variant in "${variants[@]}"; do
  run_variant "$variant"
done
end_step
