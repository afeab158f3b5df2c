#!/usr/bin/env bash
# Creates the Secrets the dev overlay references, with fresh random values, in namespace candor-dev
# (or $1). Nothing of it is written to the repository. Run once before `kubectl apply -k
# k8s/overlays/dev` (or `skaffold dev`); existing Secrets are left alone. Needs the checkout's
# node_modules (`npm ci`): the signing keys come from `npm run keys`.
set -euo pipefail
ns="${1:-candor-dev}"
root="$(cd "$(dirname "$0")/.." && pwd)"
rand() { head -c "$1" /dev/urandom | base64 | tr -d '\n/+=' ; }
kubectl get namespace "$ns" >/dev/null 2>&1 || kubectl create namespace "$ns"
have() { kubectl -n "$ns" get secret "$1" >/dev/null 2>&1; }
pg_password="$(rand 24)"
have candor-postgres-server || kubectl -n "$ns" create secret generic candor-postgres-server --from-literal=password="$pg_password"
have candor-postgres || kubectl -n "$ns" create secret generic candor-postgres --from-literal=url="postgres://candor:${pg_password}@postgres:5432/candor"
have candor-mongo || kubectl -n "$ns" create secret generic candor-mongo --from-literal=url="mongodb://mongo:27017/candor"
# each issuer's own Ed25519 signing key (a private JWKS), from the project's key script
signing_key() { (cd "$root" && npm run -s keys -- --private); }
have candor-secrets || kubectl -n "$ns" create secret generic candor-secrets \
  --from-literal=identity-signing-keys="$(signing_key)" --from-literal=invite-signing-keys="$(signing_key)" \
  --from-literal=media-signing-keys="$(signing_key)" --from-literal=recording-signing-keys="$(signing_key)" \
  --from-literal=link-keys="k1:$(head -c 32 /dev/urandom | base64 | tr -d '\n')" --from-literal=playback-keys="p1:$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
have candor-s3 || kubectl -n "$ns" create secret generic candor-s3 --from-literal=access-key-id=dev --from-literal=secret-access-key="$(rand 24)"
echo "Secrets ready in namespace $ns (candor-smtp and candor-llm are optional: without them emails go to the local mailbox and analysis runs without the LLM)"
