#!/usr/bin/env bash
# Runs Candor's services as pods with `podman kube play`, from the podman variant of the dev overlay
# (k8s/overlays/podman: same base, the host's test servers instead of StatefulSets).
#   deploy/kube-play.sh up     render, create the Secrets as podman secrets (random values, never on
#                              disk in the repo), play, wait until every service answers /healthz
#   deploy/kube-play.sh down   remove the pods and the secrets
# Needs: the images (`npm run images`), the servers (`npm run infra:up`: .cache/infra/env), podman.
# The services use their own Postgres database and Mongo database (candor_kubeplay) and Kafka
# namespace (kubeplay), so they share nothing with the test suites.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/.cache/k8s/rendered"
played="$out/podman-play.yaml"
secrets=(candor-secrets candor-postgres candor-mongo)
ports=(frontend:38100 identity:38101 invite:38102 session:38103 notification:38104 media:38105)

down() {
  [[ -f "$played" ]] && podman kube down "$played" >/dev/null 2>&1 || true
  for secret in "${secrets[@]}"; do podman secret rm "$secret" >/dev/null 2>&1 || true; done
}

if [[ "${1:-up}" == down ]]; then down; exit 0; fi

[[ -f .cache/infra/env ]] || { echo "no .cache/infra/env: run npm run infra:up (or copy it from the checkout that runs the servers)" >&2; exit 1; }
# shellcheck disable=SC1091
source .cache/infra/env
bash deploy/k8s-tools.sh
eval "$(bash deploy/k8s-tools.sh env)"
mkdir -p "$out"
"$KUSTOMIZE" build k8s/overlays/podman > "$out/podman.yaml"
# podman 4.3 plays Pods, Deployments and ConfigMaps; keep those (it would refuse or ignore the rest)
node -e '
  const { parseAllDocuments, stringify } = require("yaml");
  const docs = parseAllDocuments(require("fs").readFileSync(process.argv[1], "utf8")).map((d) => d.toJS());
  process.stdout.write(docs.filter((d) => ["ConfigMap", "Deployment"].includes(d.kind)).map((d) => stringify(d)).join("---\n"));
' "$out/podman.yaml" > "$played"

db=candor_kubeplay
pg_admin="$CANDOR_TEST_PG_URL"
if ! psql "$pg_admin" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
  psql "$pg_admin" -qc "CREATE DATABASE $db" >/dev/null
fi
pg_url="${pg_admin%/*}/$db"

down
# podman 4.3 reads a secretKeyRef from a podman secret holding a JSON object of base64 values
b64() { printf '%s' "$1" | base64 -w0; }
secret() { # name key=value...
  local name="$1"; shift
  local json="{" sep=""
  for pair in "$@"; do json+="$sep\"${pair%%=*}\":\"$(b64 "${pair#*=}")\""; sep=","; done
  printf '%s}' "$json" | podman secret create "$name" - >/dev/null
}
# each issuer its own Ed25519 signing key (a private JWKS from the project's key script)
signing_key() { npm run -s keys -- --private; }
secret candor-secrets "identity-signing-keys=$(signing_key)" "invite-signing-keys=$(signing_key)" \
  "media-signing-keys=$(signing_key)" "recording-signing-keys=$(signing_key)" \
  "link-keys=k1:$(head -c 32 /dev/urandom | base64 -w0)" "playback-keys=p1:$(head -c 32 /dev/urandom | base64 -w0)"
secret candor-postgres "url=$pg_url"
secret candor-mongo "url=$CANDOR_TEST_MONGO_URL"

podman kube play "$played" >&2
deadline=$((SECONDS + ${KUBE_PLAY_TIMEOUT:-180}))
for entry in "${ports[@]}"; do
  name="${entry%%:*}" port="${entry#*:}"
  until curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
    if (( SECONDS > deadline )); then
      echo "$name did not answer on 127.0.0.1:$port; its log:" >&2
      podman logs --tail 30 "$(podman ps -a --format '{{.Names}}' | grep -- "-$name\$" | head -1)" >&2 || true
      exit 1
    fi
    sleep 1
  done
  echo "$name http://127.0.0.1:$port"
done
