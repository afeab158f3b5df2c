#!/usr/bin/env bash
# The dev overlay as one local distributed run with `podman kube play`: every service and, as pods
# beside them, Kafka (KRaft), Postgres, FerretDB, SeaweedFS (S3) and Jaeger, from
# k8s/overlays/dev-podman (the dev overlay with local images) turned into Pods podman 4.3 plays
# (deploy/podman-pods.mjs). Nothing of the host's test servers is used: the data lives in podman
# volumes (the StatefulSets' claims), the pods find each other by name on podman's network.
#   deploy/kube-play-dev.sh up     render, create the Secrets as podman secrets (random values, never
#                                  on disk in the repo), play, wait until every service answers /healthz
#   deploy/kube-play-dev.sh down   remove the pods, their volumes and the secrets
# Published on 127.0.0.1 only: frontend 31200, identity 31201, invite 31202, session 31203,
# notification 31204, media 31205, recording 31206, sharing 31207, Jaeger's query API/UI 31216.
# Needs podman, the services' images (`npm run images`) and the servers' (`npm run test:images`, run
# here when missing).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"
out="$root/.cache/k8s/rendered"
played="$out/dev-podman-play.yaml"
prefix=candor-devplay-
secrets=(candor-secrets candor-postgres candor-postgres-server candor-mongo candor-s3)
ports=(frontend:31200 identity:31201 invite:31202 session:31203 notification:31204 media:31205 recording:31206 sharing:31207)

down() {
  if [[ -f "$played" ]]; then
    podman kube down "$played" >/dev/null 2>&1 || true
    # the claims' volumes: a new run starts from empty servers
    for volume in $(sed -n 's/^  claimName: //p; s/^ *claimName: //p' "$played" | sort -u); do podman volume rm -f "$volume" >/dev/null 2>&1 || true; done
  fi
  for secret in "${secrets[@]}"; do podman secret rm "$prefix$secret" >/dev/null 2>&1 || true; done
}

if [[ "${1:-up}" == down ]]; then down; exit 0; fi

t0=$SECONDS
bash deploy/test-images.sh >&2
bash deploy/k8s-tools.sh >&2
eval "$(bash deploy/k8s-tools.sh env)"
mkdir -p "$out"
"$KUSTOMIZE" build k8s/overlays/dev-podman > "$out/dev-podman.yaml"
publish=()
for entry in "${ports[@]}"; do publish+=("${entry%%:*}:http:${entry#*:}"); done
PODMAN_SECRET_PREFIX="$prefix" node deploy/podman-pods.mjs "$out/dev-podman.yaml" "${publish[@]}" jaeger:query:31216 > "$played"

down
# podman 4.3 reads a secretKeyRef from a podman secret holding a JSON object of base64 values
b64() { printf '%s' "$1" | base64 -w0; }
secret() { # name key=value...
  local name="$1"; shift
  local json="{" sep=""
  for pair in "$@"; do json+="$sep\"${pair%%=*}\":\"$(b64 "${pair#*=}")\""; sep=","; done
  printf '%s}' "$json" | podman secret create "$prefix$name" - >/dev/null
}
rand() { head -c "$1" /dev/urandom | base64 -w0 | tr -d '/+='; }
signing_key() { npm run -s keys -- --private; }
pg_password="$(rand 24)"
secret candor-secrets "identity-signing-keys=$(signing_key)" "invite-signing-keys=$(signing_key)" \
  "media-signing-keys=$(signing_key)" "recording-signing-keys=$(signing_key)" \
  "link-keys=k1:$(head -c 32 /dev/urandom | base64 -w0)" "playback-keys=p1:$(head -c 32 /dev/urandom | base64 -w0)"
secret candor-postgres-server "password=$pg_password"
secret candor-postgres "url=postgres://candor:$pg_password@postgres:5432/candor"
secret candor-mongo "url=mongodb://mongo:27017/candor"
secret candor-s3 "access-key-id=dev" "secret-access-key=$(rand 24)"

podman kube play "$played" >&2
# the backends start once Postgres, Kafka and FerretDB answer (podman restarts them until then)
deadline=$((SECONDS + ${KUBE_PLAY_TIMEOUT:-300}))
for entry in "${ports[@]}" jaeger:31216; do
  name="${entry%%:*}" port="${entry#*:}"
  path=/healthz; [[ "$name" == jaeger ]] && path=/api/services
  until curl -fsS "http://127.0.0.1:$port$path" >/dev/null 2>&1; do
    if (( SECONDS > deadline )); then
      echo "$name did not answer on 127.0.0.1:$port; its log:" >&2
      podman logs --tail 40 "$(podman ps -a --filter "pod=$name" --format '{{.Names}}' | grep -v -- '-infra$' | head -1)" >&2 || true
      exit 1
    fi
    sleep 1
  done
  echo "$name http://127.0.0.1:$port"
done
echo "up in $((SECONDS - t0)) s" >&2
