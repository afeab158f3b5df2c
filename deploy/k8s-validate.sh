#!/usr/bin/env bash
# `npm run k8s:validate`: renders every kustomize overlay under k8s/overlays/ with kustomize and
# validates the result strictly (unknown fields are errors) against the Kubernetes API schemas,
# offline (deploy/k8s-tools.sh installs the tools and schemas once). The rendered YAML is kept in
# .cache/k8s/rendered/<overlay>.yaml for the tests and for `podman kube play`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
K8S_VERSION="${K8S_VERSION:-1.34.0}"
bash "$root/deploy/k8s-tools.sh"
eval "$(bash "$root/deploy/k8s-tools.sh" env)"
out="$root/.cache/k8s/rendered"
mkdir -p "$out"
status=0
for overlay in "$root"/k8s/overlays/*/; do
  name="$(basename "$overlay")"
  "$KUSTOMIZE" build "$overlay" > "$out/$name.yaml"
  echo -n "$name: "
  "$KUBECONFORM" -strict -summary -kubernetes-version "$K8S_VERSION" \
    -schema-location "$K8S_SCHEMAS/{{.NormalizedKubernetesVersion}}-local{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json" \
    "$out/$name.yaml" || status=1
done
exit $status
