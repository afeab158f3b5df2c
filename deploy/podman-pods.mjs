// Turns a rendered kustomize overlay into YAML that `podman kube play` (podman 4.3) runs as one
// local distributed run: node deploy/podman-pods.mjs RENDERED.yaml [pod:port-name:host-port ...] > PLAY.yaml
// Used by deploy/kube-play-dev.sh on k8s/overlays/dev-podman. What podman 4.3 lacks, and what this
// does instead:
// - StatefulSets are not played: each StatefulSet and Deployment becomes one Pod (one replica)
//   named after the workload, which is also its Service's name, so `postgres`, `kafka`, `identity`…
//   resolve on podman's network (its DNS answers pod names) the way the Services' names do in a
//   cluster; a StatefulSet's volumeClaimTemplates become PersistentVolumeClaims (podman volumes),
//   `<workload>-<claim>`, mounted in its Pod;
// - Services are ignored: where a Service's port differs from its pod's port (the services' port 80
//   in front of 3000), URLs in the ConfigMaps that name the Service get the pod's port;
// - probes would become systemd health-check timers (no systemd here): removed;
// - the downward API is missing: CANDOR_MEDIA_ANNOUNCED_IP becomes 127.0.0.1 and CANDOR_RECORDER_IP
//   (the pod's IP) is dropped, so the recorder takes its default 127.0.0.1;
// - optional Secrets (SMTP, the LLM key) are not created: their variables are dropped (emails go to
//   the notification service's local mailbox); the other Secrets' names get PODMAN_SECRET_PREFIX,
//   so they never meet another run's podman secrets (podman's are global);
// - a containerPort without hostPort is published on 0.0.0.0: every port is dropped but the ones
//   named on the command line, published on 127.0.0.1 only;
// - NetworkPolicies, PDBs, HPAs, the Ingress and the Namespace mean nothing to podman: left out.
// Secrets stay references (deploy/kube-play-dev.sh creates them as podman secrets).
import { readFileSync } from 'node:fs';
import { parseAllDocuments, stringify } from 'yaml';

const [file, ...publishArgs] = process.argv.slice(2);
if (!file) throw new Error('usage: node deploy/podman-pods.mjs RENDERED.yaml [pod:port-name:host-port ...]');
const docs = parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => doc.toJS()).filter(Boolean);
const publish = new Map(publishArgs.map((arg) => {
  const [pod, portName, hostPort] = arg.split(':');
  return [`${pod}/${portName}`, Number(hostPort)];
}));

const secretPrefix = process.env.PODMAN_SECRET_PREFIX ?? '';
const workloads = docs.filter((doc) => doc.kind === 'Deployment' || doc.kind === 'StatefulSet');
const matches = (selector, labels) => Object.entries(selector ?? {}).every(([key, value]) => labels?.[key] === value);

/** Service name → the port its pods listen on, where it differs from the Service's port. */
const rewrites = [];
for (const service of docs.filter((doc) => doc.kind === 'Service')) {
  const workload = workloads.find((candidate) => matches(service.spec.selector, candidate.spec.template.metadata.labels));
  if (!workload) continue;
  const [port] = service.spec.ports;
  const target = typeof port.targetPort === 'string'
    ? workload.spec.template.spec.containers.flatMap((container) => container.ports ?? []).find((candidate) => candidate.name === port.targetPort)?.containerPort
    : (port.targetPort ?? port.port);
  if (target && target !== port.port && port.port === 80) rewrites.push([service.metadata.name, target]);
}

const out = [];
for (const configMap of docs.filter((doc) => doc.kind === 'ConfigMap')) {
  const data = Object.fromEntries(Object.entries(configMap.data ?? {}).map(([key, value]) => {
    let rewritten = String(value);
    for (const [name, port] of rewrites) rewritten = rewritten.replace(new RegExp(`(https?://${name})(?=/|$|,)`, 'g'), `$1:${port}`);
    return [key, rewritten];
  }));
  out.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: configMap.metadata.name }, data });
}

// the servers first: the services start once they answer (podman restarts them until then)
const order = (workload) => (workload.kind === 'StatefulSet' ? 0 : workload.spec.template.metadata.labels?.['app.kubernetes.io/component'] === 'otel-collector' ? 1 : 2);
for (const workload of [...workloads].sort((a, b) => order(a) - order(b))) {
  const name = workload.metadata.name;
  const spec = structuredClone(workload.spec.template.spec);
  const volumes = spec.volumes ?? [];
  for (const claim of workload.spec.volumeClaimTemplates ?? []) {
    const claimName = `${name}-${claim.metadata.name}`;
    out.push({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: claimName }, spec: claim.spec });
    volumes.push({ name: claim.metadata.name, persistentVolumeClaim: { claimName } });
  }
  spec.volumes = volumes;
  spec.restartPolicy = 'Always';
  for (const container of spec.containers) {
    delete container.startupProbe;
    delete container.livenessProbe;
    delete container.readinessProbe;
    delete container.lifecycle; // preStop sleeps are for endpoint removal, which podman does not do
    container.env = (container.env ?? []).flatMap((variable) => {
      const secret = variable.valueFrom?.secretKeyRef;
      if (secret?.optional) return [];
      if (secret) return [{ name: variable.name, valueFrom: { secretKeyRef: { ...secret, name: `${secretPrefix}${secret.name}` } } }];
      if (!variable.valueFrom?.fieldRef) return [variable];
      if (variable.name === 'CANDOR_MEDIA_ANNOUNCED_IP') return [{ name: variable.name, value: '127.0.0.1' }];
      return [];
    });
    const ports = (container.ports ?? []).flatMap((port) => {
      const hostPort = publish.get(`${name}/${port.name}`);
      return hostPort ? [{ ...port, hostPort, hostIP: '127.0.0.1' }] : [];
    });
    if (ports.length) container.ports = ports;
    else delete container.ports;
  }
  out.push({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: workload.spec.template.metadata.labels },
    spec,
  });
}

process.stdout.write(out.map((doc) => stringify(doc)).join('---\n'));
