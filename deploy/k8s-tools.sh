#!/usr/bin/env bash
# Installs the Kubernetes tooling the k8s checks need, once per version, into the gitignored
# .cache/k8s-tools/: kustomize and kubeconform (built with `go install`, Go module proxy), and the
# Kubernetes JSON schemas kubeconform validates against offline. kubeconform fetches schemas from
# GitHub at run time, which is unreachable here (and flaky in CI), so the schemas come from the PyPI
# package kubernetes-validate (it ships the Kubernetes 1.25-1.37 JSON schemas), downloaded with pip
# and rewritten for kubeconform (each file's `$id` dropped, `$ref`s made relative to the version's
# folder). Prints nothing but errors; `deploy/k8s-tools.sh env` prints the paths as shell variables.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
KUSTOMIZE_VERSION=v5.8.2
KUBECONFORM_VERSION=v0.8.0
K8S_VALIDATE_VERSION=1.37.0
cache="$root/.cache/k8s-tools"
bin="$cache/bin"
schemas="$cache/schemas/kubernetes-validate-$K8S_VALIDATE_VERSION"
kustomize="$bin/kustomize-$KUSTOMIZE_VERSION"
kubeconform="$bin/kubeconform-$KUBECONFORM_VERSION"

if [[ "${1:-}" == env ]]; then
  echo "KUSTOMIZE=$kustomize"
  echo "KUBECONFORM=$kubeconform"
  echo "K8S_SCHEMAS=$schemas"
  exit 0
fi

mkdir -p "$bin"
go_install() { # <module>@<version> <binary name> <target>
  local tmp
  tmp="$(mktemp -d)"
  GOBIN="$tmp" go install "$1"
  mv "$tmp/$2" "$3"
  rm -rf "$tmp"
}
[[ -x "$kustomize" ]] || go_install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION" kustomize "$kustomize"
[[ -x "$kubeconform" ]] || go_install "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION" kubeconform "$kubeconform"

if [[ ! -f "$schemas/.done" ]]; then
  tmp="$(mktemp -d)"
  python3 -m pip download --quiet --no-deps --dest "$tmp" "kubernetes-validate==$K8S_VALIDATE_VERSION"
  python3 - "$tmp"/kubernetes_validate-*.whl "$schemas" <<'PY'
import json, re, sys, zipfile, shutil, os
wheel, out = sys.argv[1], sys.argv[2]
shutil.rmtree(out, ignore_errors=True)
prefix = 'kubernetes_validate/kubernetes-json-schema/'
count = 0
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if not name.startswith(prefix) or not name.endswith('.json'):
            continue
        rel = name[len(prefix):]
        doc = json.loads(z.read(name))
        if isinstance(doc, dict):
            doc.pop('$id', None)
        text = json.dumps(doc)
        # kubeconform resolves $ref relative to the schema file: point them at the sibling file
        text = text.replace('"/api/_definitions.json', '"_definitions.json').replace('"/_definitions.json', '"_definitions.json')
        target = os.path.join(out, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, 'w') as f:
            f.write(text)
        count += 1
if count == 0:
    sys.exit('no schemas found in ' + wheel)
PY
  rm -rf "$tmp"
  touch "$schemas/.done"
fi
