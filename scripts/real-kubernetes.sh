#!/usr/bin/env bash
# A real Kubernetes control plane on 127.0.0.1: etcd, kube-apiserver and
# kube-controller-manager, built from upstream's published Go modules by the module in
# packages/real-kubernetes/go (which pins the release) and cached under .tools/.
#
#   scripts/real-kubernetes.sh build                         build once per release; then a no-op
#   scripts/real-kubernetes.sh start DIR [--stop-with PID] [--no-watch-cache]
#                                                            build if needed, start, write DIR/kubeconfig
#   scripts/real-kubernetes.sh stop DIR                      stop exactly what `start DIR` started
#
# DIR/kubeconfig has three contexts with static tokens: admin (group system:masters, the
# current one), rollout (user netseal-rollout, RBAC on NetworkPolicies only) and reader
# (read-only on what Netseal reads). A second `start` of a DIR whose control plane is
# running and ready reuses it (exit 0); one whose processes are partly gone is refused
# until `stop DIR`. Every start begins with an empty etcd. --stop-with PID stops the
# control plane by itself once process PID has exited (tests pass their own PID, so a
# crashed test run leaves nothing running). --no-watch-cache serves every list and watch
# from etcd, so that an etcd compaction shows as 410 Gone at once (with the watch cache, as
# in production, only once the cache's window has passed). See
# packages/real-kubernetes/README.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
module="$root/packages/real-kubernetes/go"
tools="$root/.tools"

log() { printf '\033[1m[real-kubernetes]\033[0m %s\n' "$*" >&2; }
fail() { log "$*"; exit 1; }
now_ms() { date +%s%3N; }
seconds_since() { local ms=$(($(now_ms) - $1)); printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)); }

kubernetes_version() { awk '$1 == "k8s.io/kubernetes" { print $2 }' "$module/go.mod"; }

# Everything Go writes stays under .tools/: the module cache (kept writable, so that
# `rm -rf .tools` works), the build cache and the binaries, one folder per release.
go_environment() {
  export GOPATH="$tools/go" GOMODCACHE="$tools/go/mod" GOCACHE="$tools/go/cache"
  # The module needs Go >= its go line; never download another toolchain behind the user's back.
  export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-modcacherw -buildvcs=false"
  # Go's scratch folders too: an interrupted build leaves gigabytes there, which once
  # filled a machine's disk when they went to /tmp. The next build clears them.
  export GOTMPDIR="$tools/go/tmp"
}

binaries_dir() { echo "$tools/real-kubernetes/$(kubernetes_version)/bin"; }

# What the binaries are built from; a different sum rebuilds them.
build_sum() {
  (cd "$module" && cat go.mod go.sum tools.go etcd/main.go && go version) | sha256sum | cut -c1-16
}

build() {
  command -v go >/dev/null || fail "Go is not on PATH: install Go 1.26 or newer (the module in packages/real-kubernetes/go needs it)"
  go_environment
  local version bin sum started
  version="$(kubernetes_version)"
  bin="$(binaries_dir)"
  sum="$(build_sum)"
  started="$(now_ms)"
  mkdir -p "$tools/real-kubernetes"
  # One build at a time: parallel test workers may all ask for the binaries at once.
  exec 9>"$tools/real-kubernetes/build.lock"
  flock 9
  if [ -x "$bin/kube-apiserver" ] && [ "$(cat "$bin/.build-sum" 2>/dev/null)" = "$sum" ]; then
    exec 9>&-
    BUILD_REPORT="build $(seconds_since "$started") s (cached in .tools/real-kubernetes/$version)"
    return 0
  fi
  local minor="${version#v1.}"
  minor="${minor%%.*}"
  local v=k8s.io/component-base/version
  local ldflags="-s -w -X $v.gitVersion=$version -X $v.gitMajor=1 -X $v.gitMinor=$minor -X $v.gitTreeState=clean"
  log "building kube-apiserver, kube-controller-manager and etcd for Kubernetes $version (once; several minutes on 2 cores)"
  rm -rf "$GOTMPDIR" && mkdir -p "$GOTMPDIR"
  local staging="$bin.partial"
  rm -rf "$staging" && mkdir -p "$staging"
  if ! (cd "$module" && go build -trimpath -ldflags "$ldflags" -o "$staging/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager ./etcd); then
    exec 9>&-
    fail "go build failed (command above, in packages/real-kubernetes/go); nothing was started"
  fi
  echo "$sum" >"$staging/.build-sum"
  rm -rf "$bin" && mv "$staging" "$bin"
  exec 9>&-
  BUILD_REPORT="build $(seconds_since "$started") s (Kubernetes $version built into .tools/real-kubernetes/$version)"
}

# A loopback port nothing listens on, outside Linux's ephemeral range (32768-60999) so
# that outgoing connections do not take it meanwhile. A race with another process is
# caught by the start-up checks, which then retry with other ports.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

# pid_is NAME PID: the process is alive and is our binary NAME (a recycled PID is not).
pid_is() {
  local name="$1" pid="$2"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  [ "$name" = watcher ] && return 0
  case "$(readlink "/proc/$pid/exe" 2>/dev/null)" in
    */"$name") return 0 ;;
  esac
  return 1
}

# The process table of DIR: one "NAME PID" line per started process.
record_pid() { echo "$2 $3" >>"$1/pids"; }

stop_dir() {
  local dir="$1" name pid
  [ -f "$dir/pids" ] || return 0
  # Reverse order of starting: the controller manager and the API server before etcd.
  local pids=()
  while read -r name pid; do
    [ "$pid" = "$$" ] && continue
    if pid_is "$name" "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done < <(tac "$dir/pids")
  local i
  for i in $(seq 1 50); do
    local alive=()
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
    [ "${#alive[@]}" = 0 ] && break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -f "$dir/pids" "$dir/endpoints.json"
}

# running_state DIR: "none", "running" (every recorded process alive) or "partial".
running_state() {
  local dir="$1" name pid alive=0 dead=0
  [ -f "$dir/pids" ] || { echo none; return; }
  while read -r name pid; do
    [ "$name" = watcher ] && continue
    if pid_is "$name" "$pid"; then alive=$((alive + 1)); else dead=$((dead + 1)); fi
  done <"$dir/pids"
  if [ "$alive" = 0 ]; then echo none
  elif [ "$dead" = 0 ]; then echo running
  else echo partial
  fi
}

make_certificates() {
  local pki="$1/pki"
  [ -f "$pki/apiserver.crt" ] && [ -f "$pki/service-account.key" ] && return 0
  command -v openssl >/dev/null || fail "openssl is not on PATH: install it (Debian: apt-get install openssl)"
  rm -rf "$pki" && mkdir -p "$pki"
  (
    cd "$pki"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 \
      -subj "/CN=netseal-real-kubernetes-ca" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr \
      -subj "/CN=kube-apiserver" 2>/dev/null
    printf '%s\n' 'subjectAltName=IP:127.0.0.1,DNS:localhost' 'basicConstraints=CA:FALSE' \
      'keyUsage=digitalSignature,keyEncipherment' 'extendedKeyUsage=serverAuth' >apiserver.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
      -out apiserver.crt -days 3650 -extfile apiserver.ext 2>/dev/null
    openssl genrsa -out service-account.key 2048 2>/dev/null
    openssl rsa -in service-account.key -pubout -out service-account.pub 2>/dev/null
    rm -f apiserver.csr apiserver.ext ca.srl
  )
}

random_token() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# Static tokens: token,user,uid,"groups". The controller manager authenticates as the
# user kubeadm gives it, whose bootstrap ClusterRole lets it mint the controllers' own
# service-account tokens.
make_tokens() {
  local dir="$1"
  [ -f "$dir/tokens.csv" ] && return 0
  {
    echo "$(random_token),netseal-admin,netseal-admin,\"system:masters\""
    echo "$(random_token),netseal-rollout,netseal-rollout"
    echo "$(random_token),netseal-reader,netseal-reader"
    echo "$(random_token),system:kube-controller-manager,system:kube-controller-manager"
  } >"$dir/tokens.csv"
  chmod 600 "$dir/tokens.csv"
}

token_of() { awk -F, -v user="$2" '$2 == user { print $1 }' "$1/tokens.csv"; }

write_kubeconfigs() {
  local dir="$1" server="$2" ca
  ca="$(base64 -w0 <"$dir/pki/ca.crt")"
  cat >"$dir/kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: real-kubernetes
    cluster:
      server: $server
      certificate-authority-data: $ca
users:
  - name: admin
    user: { token: $(token_of "$dir" netseal-admin) }
  - name: rollout
    user: { token: $(token_of "$dir" netseal-rollout) }
  - name: reader
    user: { token: $(token_of "$dir" netseal-reader) }
contexts:
  - name: admin
    context: { cluster: real-kubernetes, user: admin }
  - name: rollout
    context: { cluster: real-kubernetes, user: rollout }
  - name: reader
    context: { cluster: real-kubernetes, user: reader }
current-context: admin
preferences: {}
KUBECONFIG
  cat >"$dir/controller-manager.kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: real-kubernetes
    cluster:
      server: $server
      certificate-authority-data: $ca
users:
  - name: controller-manager
    user: { token: $(token_of "$dir" system:kube-controller-manager) }
contexts:
  - name: controller-manager
    context: { cluster: real-kubernetes, user: controller-manager }
current-context: controller-manager
KUBECONFIG
  chmod 600 "$dir/kubeconfig" "$dir/controller-manager.kubeconfig"
}

# api DIR METHOD PATH [BODY]: the API as the admin; prints the HTTP status.
api() {
  local dir="$1" method="$2" path="$3" body="${4:-}"
  curl -sS -o "$dir/logs/last-response.json" -w '%{http_code}' -X "$method" \
    --cacert "$dir/pki/ca.crt" -H "Authorization: Bearer $(token_of "$dir" netseal-admin)" \
    -H 'Content-Type: application/json' ${body:+--data "$body"} "$(cat "$dir/server")$path"
}

answers_200() { [ "$(api "$1" GET "$2")" = 200 ]; }

# The rollout and reader identities' rights, as an adopter would grant them (see
# packages/real-kubernetes/README.md). Self-subject reviews need nothing here: the
# default ClusterRole system:basic-user allows them to every authenticated user.
apply_rbac() {
  local dir="$1" object code
  local rbac=/apis/rbac.authorization.k8s.io/v1
  local objects=(
    "$rbac/clusterroles|{\"metadata\":{\"name\":\"netseal-rollout\"},\"rules\":[{\"apiGroups\":[\"networking.k8s.io\"],\"resources\":[\"networkpolicies\"],\"verbs\":[\"get\",\"list\",\"watch\",\"create\",\"update\",\"patch\",\"delete\",\"deletecollection\"]}]}"
    "$rbac/clusterrolebindings|{\"metadata\":{\"name\":\"netseal-rollout\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"ClusterRole\",\"name\":\"netseal-rollout\"},\"subjects\":[{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"User\",\"name\":\"netseal-rollout\"}]}"
    "$rbac/clusterroles|{\"metadata\":{\"name\":\"netseal-reader\"},\"rules\":[{\"apiGroups\":[\"networking.k8s.io\"],\"resources\":[\"networkpolicies\"],\"verbs\":[\"get\",\"list\",\"watch\"]},{\"apiGroups\":[\"\"],\"resources\":[\"namespaces\",\"pods\"],\"verbs\":[\"get\",\"list\",\"watch\"]},{\"apiGroups\":[\"admissionregistration.k8s.io\"],\"resources\":[\"validatingadmissionpolicies\",\"validatingadmissionpolicybindings\"],\"verbs\":[\"get\",\"list\",\"watch\"]}]}"
    "$rbac/clusterrolebindings|{\"metadata\":{\"name\":\"netseal-reader\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"ClusterRole\",\"name\":\"netseal-reader\"},\"subjects\":[{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"User\",\"name\":\"netseal-reader\"}]}"
    "/api/v1/namespaces|{\"metadata\":{\"name\":\"netseal-system\"}}"
    "$rbac/namespaces/netseal-system/roles|{\"metadata\":{\"name\":\"netseal-reader\"},\"rules\":[{\"apiGroups\":[\"\"],\"resources\":[\"configmaps\"],\"verbs\":[\"get\",\"list\",\"watch\"]}]}"
    "$rbac/namespaces/netseal-system/rolebindings|{\"metadata\":{\"name\":\"netseal-reader\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"Role\",\"name\":\"netseal-reader\"},\"subjects\":[{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"User\",\"name\":\"netseal-reader\"}]}"
  )
  for object in "${objects[@]}"; do
    code="$(api "$dir" POST "${object%%|*}" "${object#*|}")"
    [ "$code" = 201 ] || fail "creating ${object%%|*} answered $code: $(cat "$dir/logs/last-response.json")"
  done
}

# wait_for WHAT SECONDS PID COMMAND...: polls COMMAND until it succeeds; gives up when
# the process PID has died or the time is over.
wait_for() {
  local what="$1" seconds="$2" pid="$3"
  shift 3
  local deadline=$(($(now_ms) + seconds * 1000))
  while ! "$@" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { log "$what exited during start-up"; return 1; }
    [ "$(now_ms)" -lt "$deadline" ] || { log "$what was not ready within $seconds s"; return 1; }
    sleep 0.2
  done
}

# launch DIR NAME ARGS...: starts a binary in its own session (so that it outlives this
# script and a terminal's hang-up), logging to DIR/logs/NAME.log.
launch() {
  local dir="$1" name="$2"
  shift 2
  setsid "$(binaries_dir)/$name" "$@" >"$dir/logs/$name.log" 2>&1 </dev/null &
  LAUNCHED_PID=$!
  record_pid "$dir" "$name" "$LAUNCHED_PID"
}

address_taken() { grep -qi 'address already in use' "$1"/logs/*.log 2>/dev/null; }

# One attempt at starting everything on fresh ports. Returns 2 when a port was taken
# meanwhile (the caller retries), 1 on any other failure.
start_once() {
  local dir="$1" watch_cache="$2"
  local etcd_port peer_port api_port kcm_port
  etcd_port="$(free_port)"; peer_port="$(free_port)"; api_port="$(free_port)"; kcm_port="$(free_port)"
  rm -rf "$dir/etcd" "$dir/logs" "$dir/pids" && mkdir -p "$dir/logs"
  local server="https://127.0.0.1:$api_port"
  echo "$server" >"$dir/server"

  # etcd's data lives only as long as the test run, so fsync buys nothing but time.
  launch "$dir" etcd --name netseal --data-dir "$dir/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "netseal=http://127.0.0.1:$peer_port" --log-level warn --unsafe-no-fsync
  local etcd_pid="$LAUNCHED_PID"
  wait_for etcd 60 "$etcd_pid" curl -sf "http://127.0.0.1:$etcd_port/health" || { address_taken "$dir" && return 2; return 1; }

  local api_started
  api_started="$(now_ms)"
  # Loopback as the advertised address is what upstream's own test server does, with the
  # endpoint reconciler off: the `kubernetes` Service's Endpoints may not hold 127.0.0.1.
  launch "$dir" kube-apiserver \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
    --endpoint-reconciler-type none \
    --tls-cert-file "$dir/pki/apiserver.crt" --tls-private-key-file "$dir/pki/apiserver.key" \
    --cert-dir "$dir/pki/generated" \
    --token-auth-file "$dir/tokens.csv" \
    --authorization-mode RBAC \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$dir/pki/service-account.pub" \
    --service-account-signing-key-file "$dir/pki/service-account.key" \
    --service-cluster-ip-range 10.96.0.0/16 \
    --watch-cache="$watch_cache" \
    --profiling=false
  local api_pid="$LAUNCHED_PID"
  wait_for kube-apiserver 300 "$api_pid" curl -sf --cacert "$dir/pki/ca.crt" "$server/readyz" ||
    { address_taken "$dir" && return 2; return 1; }
  API_READY_REPORT="API server ready after $(seconds_since "$api_started") s"

  write_kubeconfigs "$dir" "$server"
  apply_rbac "$dir"

  # The controllers run under their own service accounts, as kubeadm sets them up:
  # Netseal's guard lets system:serviceaccount:kube-system:namespace-controller delete
  # sealed policies, so that deleting a namespace completes.
  launch "$dir" kube-controller-manager \
    --kubeconfig "$dir/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$kcm_port" --cert-dir "$dir/pki/controller-manager" \
    --leader-elect=false --use-service-account-credentials=true \
    --controllers namespace-controller,garbage-collector-controller,serviceaccount-controller,root-ca-certificate-publisher-controller,validatingadmissionpolicy-status-controller \
    --root-ca-file "$dir/pki/ca.crt" --profiling=false
  local kcm_pid="$LAUNCHED_PID"
  wait_for kube-controller-manager 120 "$kcm_pid" curl -sfk "https://127.0.0.1:$kcm_port/healthz" ||
    { address_taken "$dir" && return 2; return 1; }
  # Pods need their namespace's default ServiceAccount; the first one shows that the
  # controllers act as their own service accounts.
  wait_for "the default ServiceAccount" 120 "$kcm_pid" answers_200 "$dir" /api/v1/namespaces/default/serviceaccounts/default ||
    return 1

  printf '{"server":"%s","etcd":"http://127.0.0.1:%s","version":"%s","watchCache":%s}\n' \
    "$server" "$etcd_port" "$(kubernetes_version)" "$watch_cache" >"$dir/endpoints.json"
}

start() {
  local dir="$1" owner="$2" watch_cache="$3"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  case "$(running_state "$dir")" in
    running)
      grep -q "\"watchCache\":$watch_cache" "$dir/endpoints.json" 2>/dev/null ||
        fail "the control plane running in $dir has another watch cache setting; stop it first: $0 stop $dir"
      if curl -sf --cacert "$dir/pki/ca.crt" "$(cat "$dir/server")/readyz" >/dev/null 2>&1; then
        log "already running in $dir: reusing it (server $(cat "$dir/server"), stop it with: $0 stop $dir)"
        echo "export KUBECONFIG=$dir/kubeconfig"
        return 0
      fi
      fail "a control plane runs in $dir but does not answer /readyz; stop it first: $0 stop $dir" ;;
    partial) fail "part of the control plane started in $dir has exited (see $dir/logs); stop the rest first: $0 stop $dir" ;;
  esac
  BUILD_REPORT=""
  build
  # Start-up counts from here: a new folder's certificates take seconds of openssl too.
  local started attempt result
  started="$(now_ms)"
  make_certificates "$dir"
  make_tokens "$dir"
  for attempt in 1 2 3; do
    result=0
    start_once "$dir" "$watch_cache" || result=$?
    [ "$result" = 0 ] && break
    stop_dir "$dir"
    [ "$result" = 2 ] && { log "a port was taken meanwhile; retrying with other ports"; continue; }
    local file
    for file in "$dir"/logs/*.log; do
      log "last lines of $file:"
      tail -n 15 "$file" >&2
    done
    fail "start failed; nothing is left running"
  done
  [ "$result" = 0 ] || fail "no free ports after three attempts; nothing is left running"
  if [ -n "$owner" ]; then
    setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; exec "$2" stop "$3"' \
      watcher "$owner" "$here/real-kubernetes.sh" "$dir" >/dev/null 2>&1 </dev/null &
    record_pid "$dir" watcher "$!"
  fi
  log "Kubernetes $(kubernetes_version) ready at $(cat "$dir/server"): $BUILD_REPORT, start-up $(seconds_since "$started") s ($API_READY_REPORT)"
  log "contexts admin (current), rollout, reader in $dir/kubeconfig; stop with: $0 stop $dir"
  echo "export KUBECONFIG=$dir/kubeconfig"
}

usage() {
  sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

case "${1:-}" in
  build)
    [ "$#" = 1 ] || usage
    build
    log "Kubernetes $(kubernetes_version): $BUILD_REPORT"
    ;;
  start)
    [ "$#" -ge 2 ] || usage
    dir="$2" owner="" watch_cache=true
    shift 2
    while [ "$#" -gt 0 ]; do
      case "$1" in
        --stop-with)
          [[ "${2:-}" =~ ^[0-9]+$ ]] || fail "--stop-with needs the PID of the process to follow, such as --stop-with \$\$"
          owner="$2"
          shift 2
          ;;
        --no-watch-cache) watch_cache=false; shift ;;
        *) log "unknown option '$1' (known: --stop-with PID, --no-watch-cache)"; exit 2 ;;
      esac
    done
    start "$dir" "$owner" "$watch_cache"
    ;;
  stop)
    [ "$#" = 2 ] || usage
    [ -d "$2" ] || fail "no such directory: $2"
    stop_dir "$(cd "$2" && pwd)"
    log "stopped what ran in $2"
    ;;
  *) usage ;;
esac
