// The Kubernetes manifests (k8s/): `npm run k8s:validate` renders every overlay with kustomize and
// validates it strictly against the Kubernetes API schemas, offline; then this suite checks what the
// schemas cannot: every service has its Deployment, Service, ConfigMap, PodDisruptionBudget,
// HorizontalPodAutoscaler and NetworkPolicy; every container is probed, bounded and locked down;
// no Secret is committed and every Secret referenced is documented; the overlays do what they say.
// Needs Go and the module proxy (and pip) the first time: deploy/k8s-tools.sh caches the tools.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';
import { commonEnv, distributedEnv } from '@candor/runtime';
import { identityEnv } from '@candor/identity/src/config';
import { inviteEnv } from '@candor/invite/src/config';
import { mediaServiceEnv } from '@candor/media/src/config';
import { notificationEnv } from '@candor/notification/src/config';
import { recordingServiceEnv } from '@candor/recording/src/config';
import { sessionEnv } from '@candor/session/src/config';
import { sharingEnv } from '@candor/sharing/src/config';
import { REPO_ROOT } from '../support/infra';

type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; [key: string]: any };

const SERVICES = ['identity', 'invite', 'session', 'notification', 'media', 'recording', 'sharing', 'frontend'];
const OVERLAYS = ['dev', 'prod', 'dev-podman'];
/** What each backend's process reads (its main: the common and distributed variables and its own). */
type Schema = { safeParse(value: unknown): { success: boolean } };
const READS: Record<string, Record<string, Schema>> = Object.fromEntries(
  Object.entries<Record<string, Schema>>({
    identity: identityEnv, invite: inviteEnv, session: sessionEnv, notification: notificationEnv,
    media: mediaServiceEnv, recording: recordingServiceEnv, sharing: sharingEnv,
  }).map(([service, own]) => [service, { ...commonEnv, ...distributedEnv, ...own }]),
);
/** The issuers of signed tokens: each signs with its own key (CANDOR_SIGNING_KEYS). */
const ISSUERS = ['identity', 'invite', 'media', 'recording'];
const rendered: Record<string, Doc[]> = {};
let validateOutput = '';

function load(file: string): Doc[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => doc.toJS() as Doc)
    .filter(Boolean);
}
const of = (docs: Doc[], kind: string) => docs.filter((doc) => doc.kind === kind);
const named = (docs: Doc[], kind: string, name: string) => docs.find((doc) => doc.kind === kind && doc.metadata.name === name);

/** A Deployment's variables as its container sees them: its ConfigMaps' entries, then its env. */
function variablesOf(docs: Doc[], service: string): Map<string, { value?: string; secret?: { name: string; key: string } }> {
  const container = named(docs, 'Deployment', service)!.spec.template.spec.containers[0];
  const variables = new Map<string, { value?: string; secret?: { name: string; key: string } }>();
  for (const from of container.envFrom ?? []) {
    for (const [name, value] of Object.entries<string>(named(docs, 'ConfigMap', from.configMapRef.name)!.data ?? {})) variables.set(name, { value });
  }
  for (const env of container.env ?? []) {
    const ref = env.valueFrom?.secretKeyRef;
    variables.set(env.name, ref ? { secret: { name: ref.name, key: ref.key } } : { value: env.value });
  }
  return variables;
}

/** Whether a NetworkPolicy rule list lets the pods of `peer` through on TCP `port`. */
const admits = (rules: any[] | undefined, side: 'from' | 'to', peer: string, port: number) =>
  (rules ?? []).some((rule) =>
    (rule[side] ?? []).some((p: any) => p.podSelector?.matchLabels?.['app.kubernetes.io/name'] === peer) &&
    (rule.ports ?? []).some((p: any) => p.protocol === 'TCP' && p.port === port));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

beforeAll(() => {
  validateOutput = execFileSync('bash', [join(REPO_ROOT, 'deploy', 'k8s-validate.sh')], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 900_000,
  });
  for (const overlay of OVERLAYS) rendered[overlay] = load(join(REPO_ROOT, '.cache', 'k8s', 'rendered', `${overlay}.yaml`));
}, 900_000);

describe('npm run k8s:validate', () => {
  it('renders every overlay and finds every resource valid against the strict Kubernetes schemas', () => {
    for (const overlay of OVERLAYS) {
      const line = validateOutput.split('\n').find((text) => text.startsWith(`${overlay}:`));
      expect(line).toMatch(/Valid: \d+, Invalid: 0, Errors: 0, Skipped: 0/);
      const count = Number(/(\d+) resources found/.exec(line ?? '')?.[1]);
      expect(count).toBe(rendered[overlay]!.length);
    }
  });

  it('is strict: an unknown field, a wrong type or a missing schema fails validation', () => {
    const env = Object.fromEntries(
      execFileSync('bash', [join(REPO_ROOT, 'deploy', 'k8s-tools.sh'), 'env'], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .map((line) => line.split('=', 2) as [string, string]),
    );
    const dir = mkdtempSync(join(tmpdir(), 'candor-k8s-'));
    const deployment = structuredClone(named(rendered.dev!, 'Deployment', 'identity')!);
    const validate = (doc: unknown) => {
      const file = join(dir, 'doc.json');
      writeFileSync(file, JSON.stringify(doc));
      return spawnSync(env.KUBECONFORM!, ['-strict', '-kubernetes-version', '1.34.0', '-schema-location',
        `${env.K8S_SCHEMAS}/{{.NormalizedKubernetesVersion}}-local{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json`, file], { encoding: 'utf8' });
    };
    expect(validate(deployment).status).toBe(0);
    const unknownField = structuredClone(deployment);
    unknownField.spec.template.spec.containers[0].readinesProbe = unknownField.spec.template.spec.containers[0].readinessProbe;
    expect(validate(unknownField).status).not.toBe(0);
    const wrongType = structuredClone(deployment);
    wrongType.spec.replicas = 'two';
    expect(validate(wrongType).status).not.toBe(0);
    expect(validate({ ...deployment, kind: 'Deploymnet' }).status).not.toBe(0);
  });
});

describe.each(OVERLAYS)('overlay %s', (overlay) => {
  const docs = () => rendered[overlay]!;

  it.each(SERVICES)('has a Deployment, Service, ConfigMap, PDB, HPA and NetworkPolicy for %s', (service) => {
    const deployment = named(docs(), 'Deployment', service);
    expect(deployment).toBeDefined();
    const labels = deployment!.spec.template.metadata.labels;
    expect(labels['app.kubernetes.io/name']).toBe(service);
    // each object selects this service's pods
    expect(named(docs(), 'Service', service)?.spec.selector).toEqual({ 'app.kubernetes.io/name': service });
    expect(named(docs(), 'PodDisruptionBudget', service)?.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': service });
    expect(named(docs(), 'HorizontalPodAutoscaler', service)?.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: service });
    const policy = named(docs(), 'NetworkPolicy', service);
    expect(policy?.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': service } });
    expect(policy?.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    // the ConfigMaps its containers read all exist
    const container = deployment!.spec.template.spec.containers[0];
    const configMaps = (container.envFrom ?? []).map((from: any) => from.configMapRef?.name).filter(Boolean);
    expect(configMaps).toContain(service);
    for (const name of configMaps) expect(named(docs(), 'ConfigMap', name)).toBeDefined();
    // the Service's port reaches a declared container port
    const ports = container.ports.map((port: any) => port.name);
    for (const port of named(docs(), 'Service', service)!.spec.ports) expect(ports).toContain(port.targetPort);
  });

  it('probes, bounds and locks down every container of every Deployment and StatefulSet', () => {
    const workloads = [...of(docs(), 'Deployment'), ...of(docs(), 'StatefulSet')];
    expect(workloads.length).toBeGreaterThanOrEqual(SERVICES.length);
    for (const workload of workloads) {
      const pod = workload.spec.template.spec;
      const where = `${workload.kind}/${workload.metadata.name}`;
      expect([where, pod.securityContext?.runAsNonRoot]).toEqual([where, true]);
      expect([where, pod.securityContext?.runAsUser]).toEqual([where, expect.any(Number)]);
      expect([where, pod.securityContext.runAsUser]).not.toEqual([where, 0]);
      expect([where, pod.automountServiceAccountToken]).toEqual([where, false]);
      for (const container of pod.containers) {
        expect([where, container.livenessProbe]).toEqual([where, expect.any(Object)]);
        expect([where, container.readinessProbe]).toEqual([where, expect.any(Object)]);
        for (const bound of ['requests', 'limits']) {
          expect([where, bound, container.resources?.[bound]]).toEqual([where, bound, { cpu: expect.anything(), memory: expect.anything() }]);
        }
        const security = container.securityContext ?? {};
        expect([where, security.allowPrivilegeEscalation, security.capabilities?.drop]).toEqual([where, false, ['ALL']]);
        expect([where, security.privileged ?? false]).toEqual([where, false]);
        if (workload.kind === 'Deployment') expect([where, security.readOnlyRootFilesystem]).toEqual([where, true]);
      }
    }
  });

  it('probes the services on the endpoint they serve, on their HTTP port', () => {
    for (const service of SERVICES) {
      const container = named(docs(), 'Deployment', service)!.spec.template.spec.containers[0];
      // liveness on /healthz (alive), readiness on /readyz (dependencies, consumers, lag) for the backends
      const ready = service === 'frontend' ? '/healthz' : '/readyz';
      for (const [probe, path] of [['startupProbe', '/healthz'], ['livenessProbe', '/healthz'], ['readinessProbe', ready]] as const) {
        expect([service, probe, container[probe].httpGet]).toEqual([service, probe, { path, port: 'http' }]);
      }
      expect(container.ports.find((port: any) => port.name === 'http')).toEqual({ name: 'http', containerPort: 3000, protocol: 'TCP' });
    }
  });

  it('commits no Secret and puts no credential in a ConfigMap; every Secret referenced is documented', () => {
    expect(of(docs(), 'Secret')).toEqual([]);
    for (const configMap of of(docs(), 'ConfigMap')) {
      for (const [key, value] of Object.entries<string>(configMap.data ?? {})) {
        expect([key, /SECRET|PASSWORD|API_KEY|ACCESS_KEY|TOKEN|LINK_KEYS/.test(key)]).toEqual([key, false]);
        expect([key, /:\/\/[^/@\s]+:[^/@\s]+@/.test(value)]).toEqual([key, false]);
      }
    }
    const readme = readFileSync(join(REPO_ROOT, 'deploy', 'README.md'), 'utf8');
    const referenced = new Set<string>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        const ref = (value as any).secretKeyRef;
        if (ref) referenced.add(`${ref.name} ${ref.key}`);
        Object.values(value).forEach(walk);
      }
    };
    walk(docs());
    expect(referenced.size).toBeGreaterThan(3);
    for (const ref of referenced) {
      const [name, key] = ref.split(' ');
      expect([ref, new RegExp(`kubectl (-n \\S+ )?create secret generic ${name}\\b[^\\n]*--from-literal=${key}=`).test(readme)]).toEqual([ref, true]);
    }
  });

  it('denies all traffic by default and lets the frontend reach every backend only on its HTTP port', () => {
    const deny = named(docs(), 'NetworkPolicy', 'default-deny');
    expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const frontend = of(docs(), 'NetworkPolicy').find((p) => p.spec.podSelector.matchLabels?.['app.kubernetes.io/name'] === 'frontend')!;
    const reachable = frontend.spec.egress.flatMap((rule: any) => (rule.to ?? []).map((peer: any) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name']));
    expect(reachable.filter(Boolean).sort()).toEqual(SERVICES.filter((s) => s !== 'frontend').sort());
    for (const service of SERVICES.filter((s) => s !== 'frontend')) {
      const policy = named(docs(), 'NetworkPolicy', service)!;
      const fromFrontend = policy.spec.ingress.find((rule: any) => rule.from.some((peer: any) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'frontend'));
      expect([service, fromFrontend?.ports]).toEqual([service, [{ protocol: 'TCP', port: 3000 }]]);
      // no backend takes traffic from any pod or address it does not name
      for (const rule of policy.spec.ingress) expect([service, rule.from?.length]).toEqual([service, expect.any(Number)]);
    }
  });

  it('gives every backend exactly the variables its configuration reads, and every one it requires', () => {
    for (const [service, reads] of Object.entries(READS)) {
      const given = [...variablesOf(docs(), service).keys()];
      // OTEL_* are read by the trace exporter from the environment (runtime/src/telemetry/export.ts)
      const unread = given.filter((name) => !(name in reads) && !name.startsWith('OTEL_'));
      expect([service, unread]).toEqual([service, []]);
      const required = Object.keys(reads).filter((name) => !reads[name]!.safeParse(undefined).success);
      expect([service, required.filter((name) => !given.includes(name))]).toEqual([service, []]);
    }
  });

  it('signs with per-issuer keys: each issuer gets its own signing key Secret and no other; nothing references a shared JWT secret', () => {
    expect(JSON.stringify(docs())).not.toMatch(/jwt-secret|JWT_SECRET/i);
    const signingRefs = (service: string) =>
      JSON.stringify(named(docs(), 'Deployment', service)!).match(/"key":"[a-z]+-signing-keys"/g) ?? [];
    for (const service of SERVICES) {
      const variables = variablesOf(docs(), service);
      if (ISSUERS.includes(service)) {
        expect([service, variables.get('CANDOR_SIGNING_KEYS')]).toEqual([service, { secret: { name: 'candor-secrets', key: `${service}-signing-keys` } }]);
        expect([service, signingRefs(service)]).toEqual([service, [`"key":"${service}-signing-keys"`]]);
      } else {
        expect([service, variables.has('CANDOR_SIGNING_KEYS'), signingRefs(service)]).toEqual([service, false, []]);
      }
    }
  });

  it('points the verifiers at the issuers\' public keys: identity for every backend but identity, invite and recording for media', () => {
    for (const service of Object.keys(READS)) {
      const identityUrl = variablesOf(docs(), service).get('CANDOR_IDENTITY_URL');
      if (service === 'identity') expect(identityUrl).toBeUndefined();
      else expect([service, identityUrl]).toEqual([service, { value: 'http://identity' }]);
    }
    const media = variablesOf(docs(), 'media');
    expect(media.get('CANDOR_INVITE_JWKS')).toEqual({ value: 'http://invite/api/invite/.well-known/jwks.json' });
    expect(media.get('CANDOR_RECORDING_URL')).toEqual({ value: 'http://recording' });
    // public keys only: no verifier is handed a private key inline
    for (const service of SERVICES) {
      for (const [name, variable] of variablesOf(docs(), service)) expect([service, name, /"d"\s*:/.test(variable.value ?? '')]).toEqual([service, name, false]);
    }
  });

  it('lets the verifiers reach identity, and media reach invite and recording, on their HTTP port; identity takes no one else', () => {
    const calls: [string, string][] = [
      ...Object.keys(READS).filter((s) => s !== 'identity').map((s): [string, string] => [s, 'identity']),
      ['media', 'invite'],
      ['media', 'recording'],
    ];
    for (const [from, to] of calls) {
      const egress = named(docs(), 'NetworkPolicy', from)!.spec.egress;
      const ingress = named(docs(), 'NetworkPolicy', to)!.spec.ingress;
      expect([from, to, admits(egress, 'to', to, 3000), admits(ingress, 'from', from, 3000)]).toEqual([from, to, true, true]);
    }
    const intoIdentity = named(docs(), 'NetworkPolicy', 'identity')!.spec.ingress.flatMap((rule: any) => rule.from.map((p: any) => p.podSelector?.matchLabels?.['app.kubernetes.io/name']));
    expect(intoIdentity.sort()).toEqual(SERVICES.filter((s) => s !== 'identity').sort());
    // and nothing more: session does not reach invite, invite does not reach media
    expect(admits(named(docs(), 'NetworkPolicy', 'session')!.spec.egress, 'to', 'invite', 3000)).toBe(false);
    expect(admits(named(docs(), 'NetworkPolicy', 'invite')!.spec.ingress, 'from', 'session', 3000)).toBe(false);
    expect(admits(named(docs(), 'NetworkPolicy', 'invite')!.spec.egress, 'to', 'media', 3000)).toBe(false);
  });

  it('publishes the SFU range configured for media (UDP, and TCP for ICE over TCP), allows it from outside, and announces the node address', () => {
    const config = named(docs(), 'ConfigMap', 'media')!.data;
    const min = Number(config.CANDOR_MEDIA_PORT_MIN);
    const max = Number(config.CANDOR_MEDIA_PORT_MAX);
    expect(max).toBeGreaterThan(min);
    const container = named(docs(), 'Deployment', 'media')!.spec.template.spec.containers[0];
    const udp = container.ports.filter((port: any) => port.protocol === 'UDP');
    expect(udp.map((port: any) => port.containerPort)).toEqual(Array.from({ length: max - min + 1 }, (_, i) => min + i));
    for (const port of udp) expect(port.hostPort).toBe(port.containerPort);
    const tcp = container.ports.filter((port: any) => port.protocol === 'TCP' && port.name !== 'http');
    expect(tcp.map((port: any) => [port.containerPort, port.hostPort])).toEqual(udp.map((port: any) => [port.containerPort, port.containerPort]));
    const announced = container.env.find((env: any) => env.name === 'CANDOR_MEDIA_ANNOUNCED_IP');
    expect(announced.valueFrom.fieldRef.fieldPath).toBe('status.hostIP');
    const policy = named(docs(), 'NetworkPolicy', 'media')!;
    const fromAnywhere = policy.spec.ingress.find((rule: any) => rule.from.some((peer: any) => peer.ipBlock?.cidr === '0.0.0.0/0'));
    expect(fromAnywhere.ports).toEqual([
      { protocol: 'UDP', port: min, endPort: max },
      { protocol: 'TCP', port: min, endPort: max },
    ]);
  });

  it('routes the signalling WebSocket to media and everything else to the frontend', () => {
    const [ingress, ...others] = of(docs(), 'Ingress');
    expect(others).toEqual([]);
    const paths = ingress!.spec.rules[0].http.paths.map((path: any) => [path.path, path.pathType, path.backend.service.name]);
    expect(paths).toEqual([
      ['/api/media/signal', 'Prefix', 'media'],
      ['/', 'Prefix', 'frontend'],
    ]);
  });
});

describe('the overlays differ where they should', () => {
  it('dev: one replica each, Kafka, Postgres, FerretDB and an S3 store as StatefulSets, Jaeger as collector, in the namespace', () => {
    const docs = rendered.dev!;
    for (const deployment of of(docs, 'Deployment')) expect([deployment.metadata.name, deployment.spec.replicas]).toEqual([deployment.metadata.name, 1]);
    for (const hpa of of(docs, 'HorizontalPodAutoscaler')) expect([hpa.metadata.name, hpa.spec.maxReplicas]).toEqual([hpa.metadata.name, 1]);
    expect(of(docs, 'StatefulSet').map((s) => s.metadata.name).sort()).toEqual(['kafka', 'mongo', 'postgres', 's3']);
    // every StatefulSet keeps its data in a claim
    for (const set of of(docs, 'StatefulSet')) expect([set.metadata.name, set.spec.volumeClaimTemplates?.length]).toEqual([set.metadata.name, 1]);
    expect(named(docs, 'StatefulSet', 'mongo')!.spec.template.spec.containers[0].image).toMatch(/ferretdb:1\.24\./);
    // the trace collector: the backends export to it, and their NetworkPolicy lets them (component otel-collector)
    const jaeger = named(docs, 'Deployment', 'jaeger')!;
    expect(jaeger.spec.template.metadata.labels['app.kubernetes.io/component']).toBe('otel-collector');
    expect(named(docs, 'ConfigMap', 'candor-common')!.data.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://jaeger:4318');
    expect(named(docs, 'Service', 'jaeger')!.spec.ports.map((port: any) => port.port)).toContain(4318);
    const brokers = named(docs, 'ConfigMap', 'candor-common')!.data.KAFKA_BROKERS;
    expect(brokers).toBe('kafka:9092');
    expect(named(docs, 'Service', 'kafka')).toBeDefined();
    for (const doc of docs.filter((d) => d.kind !== 'Namespace')) expect([doc.kind, doc.metadata.name, doc.metadata.namespace]).toEqual([doc.kind, doc.metadata.name, 'candor-dev']);
  });

  it('prod: several replicas (media one, until rooms are routed by id), external servers, mediasoup required', () => {
    const docs = rendered.prod!;
    expect(of(docs, 'StatefulSet')).toEqual([]);
    for (const service of SERVICES) {
      const replicas = named(docs, 'Deployment', service)!.spec.replicas;
      const hpa = named(docs, 'HorizontalPodAutoscaler', service)!.spec;
      if (service === 'media') expect([replicas, hpa.maxReplicas]).toEqual([1, 1]);
      else expect([service, replicas >= 2, hpa.minReplicas >= 2, hpa.maxReplicas > hpa.minReplicas]).toEqual([service, true, true, true]);
    }
    expect(named(docs, 'ConfigMap', 'media')!.data.CANDOR_SFU_ENGINE).toBe('mediasoup');
    const brokers: string = named(docs, 'ConfigMap', 'candor-common')!.data.KAFKA_BROKERS;
    expect(brokers.split(',').length).toBeGreaterThan(1);
    expect(brokers).not.toMatch(/^kafka:/);
    expect(named(docs, 'NetworkPolicy', 'allow-managed-backends')).toBeDefined();
    expect(of(docs, 'Ingress')[0]!.spec.tls[0].secretName).toBe('candor-tls');
    for (const doc of docs.filter((d) => d.kind !== 'Namespace')) expect(doc.metadata.namespace).toBe('candor');
  });
});

describe('the repository', () => {
  it('holds no Secret manifest and no secret data under k8s/', () => {
    const files = filesUnder(join(REPO_ROOT, 'k8s'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect([relative(REPO_ROOT, file), /^kind:\s*Secret\b/m.test(text) || /secretGenerator/.test(text)]).toEqual([relative(REPO_ROOT, file), false]);
    }
  });
});

describe('skaffold.yaml', () => {
  const skaffold = () => parseAllDocuments(readFileSync(join(REPO_ROOT, 'skaffold.yaml'), 'utf8'))[0]!.toJS();
  const schema = () => JSON.parse(readFileSync(join(REPO_ROOT, 'deploy', 'schemas', 'skaffold-v4beta14.json'), 'utf8'));
  const dockerfile = () => readFileSync(join(REPO_ROOT, 'deploy', 'Dockerfile'), 'utf8');
  const validator = () => new Ajv({ strict: false, allErrors: true }).compile(schema());

  it('is valid against the schema of its apiVersion (the newest), which refuses a misspelt field', () => {
    const config = skaffold();
    expect(config.apiVersion).toBe('skaffold/v4beta14');
    const validate = validator();
    expect([validate(config), validate.errors]).toEqual([true, null]);
    const broken = structuredClone(config);
    broken.build.artifacts[0].docker.dockerfil = broken.build.artifacts[0].docker.dockerfile;
    expect(validate(broken)).toBe(false);
    expect(validate({ ...config, deploy: { kubectl: { defaultNamespace: 3 } } })).toBe(false);
  });

  it('builds exactly the images the manifests run, each from a stage and arguments the Dockerfile has', () => {
    const artifacts: any[] = skaffold().build.artifacts;
    const built = artifacts.map((artifact) => artifact.image).sort();
    // the services' images (the servers' — the dev overlay's Jaeger too — are public images, not built)
    for (const overlay of ['dev', 'prod']) {
      const services = of(rendered[overlay]!, 'Deployment').filter((d) => SERVICES.includes(d.metadata.name));
      const run = [...new Set(services.flatMap((d) => d.spec.template.spec.containers.map((c: any) => c.image as string)))].sort();
      expect(run).toEqual(built);
    }
    expect(built).toEqual(SERVICES.map((service) => `candor/${service}`).sort());
    const stages = [...dockerfile().matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map((match) => match[1]);
    const args = [...dockerfile().matchAll(/^ARG\s+([A-Z_]+)/gm)].map((match) => match[1]);
    for (const artifact of artifacts) {
      const file = join(REPO_ROOT, artifact.context ?? '.', artifact.docker.dockerfile);
      expect(readFileSync(file, 'utf8')).toBe(dockerfile());
      expect([artifact.image, stages]).toEqual([artifact.image, expect.arrayContaining([artifact.docker.target])]);
      for (const arg of Object.keys(artifact.docker.buildArgs ?? {})) expect([artifact.image, args]).toEqual([artifact.image, expect.arrayContaining([arg])]);
      const service = artifact.docker.buildArgs?.SERVICE;
      if (service) {
        expect(artifact.image).toBe(`candor/${service}`);
        expect(statSync(join(REPO_ROOT, 'services', service)).isDirectory()).toBe(true);
      } else expect(artifact.image).toBe(`candor/${artifact.docker.target}`);
    }
  });

  it('deploys the dev overlay by default and the prod overlay with -p prod, to their namespaces', () => {
    const config = skaffold();
    expect(config.manifests.kustomize.paths).toEqual(['k8s/overlays/dev']);
    expect(config.deploy.kubectl.defaultNamespace).toBe(named(rendered.dev!, 'Namespace', 'candor-dev')?.metadata.name);
    const prod = config.profiles.find((profile: any) => profile.name === 'prod');
    expect(config.profiles.map((profile: any) => profile.name).sort()).toEqual(['dev', 'prod']);
    const patched = Object.fromEntries(prod.patches.map((patch: any) => [patch.path, patch.value]));
    expect(patched['/manifests/kustomize/paths/0']).toBe('k8s/overlays/prod');
    expect(patched['/deploy/kubectl/defaultNamespace']).toBe(named(rendered.prod!, 'Namespace', 'candor')?.metadata.name);
    expect(patched['/build/local/push']).toBe(true);
  });
});

describe('deploy/Dockerfile', () => {
  const text = () => readFileSync(join(REPO_ROOT, 'deploy', 'Dockerfile'), 'utf8');

  it('installs from the manifest of every workspace the images build from before copying sources', () => {
    const workspaces: string[] = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).workspaces;
    const firstSourceCopy = text().indexOf('COPY contracts contracts');
    expect(firstSourceCopy).toBeGreaterThan(0);
    for (const workspace of workspaces) {
      const line = `COPY ${workspace}/package.json ${workspace}/`;
      expect([workspace, text().indexOf(line) >= 0 && text().indexOf(line) < firstSourceCopy]).toEqual([workspace, true]);
    }
  });

  it('runs every image as a non-root user with a health check, from a configurable base, keeping no npm cache', () => {
    expect(text()).toMatch(/^ARG BASE_IMAGE=\S+/m);
    for (const match of text().matchAll(/^FROM\s+(\S+)/gm)) expect(match[1]).not.toMatch(/:latest$/);
    const runtime = text().slice(text().indexOf('AS runtime'));
    expect(runtime).toMatch(/^USER 10001:10001$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
    const instructions = text().replace(/\\\n/g, ' ').split('\n');
    const installs = instructions.filter((line) => /npm (ci|install)\b/.test(line));
    expect(installs.length).toBe(3);
    for (const install of installs) {
      expect(install).toMatch(/^RUN .*--cache \/tmp\/npm-cache.*&& rm -rf \/tmp\/npm-cache$/);
    }
    // no secret is passed as a build argument or baked into a layer
    expect(text()).not.toMatch(/ARG\s+\S*(SECRET|PASSWORD|TOKEN|KEY)/i);
    expect(text()).not.toMatch(/COPY[^\n]*(\.env|\.npmrc|ca-certificates)/);
  });
});

describe('dev-podman: the dev overlay as podman kube play runs it (deploy/kube-play-dev.sh)', () => {
  it('runs the servers from the images deploy/test-images.sh builds, under those tags', () => {
    const tags = Object.fromEntries(
      execFileSync('bash', [join(REPO_ROOT, 'deploy', 'test-images.sh'), '--tags'], { encoding: 'utf8' }).trim().split('\n').map((line) => line.split('=')),
    );
    const image = (kind: string, name: string) => named(rendered['dev-podman']!, kind, name)!.spec.template.spec.containers[0].image;
    expect([image('StatefulSet', 'kafka'), image('StatefulSet', 'postgres'), image('StatefulSet', 'mongo'), image('StatefulSet', 's3'), image('Deployment', 'jaeger')]).toEqual([
      tags.kafka, tags.postgres, tags.ferretdb, tags.seaweedfs, tags.jaeger,
    ]);
    for (const service of SERVICES) expect(image('Deployment', service)).toBe(`localhost/candor/${service}:latest`);
  });

  it('turns every workload into a Pod named after its Service, claims into PVCs, with no probe and ports on 127.0.0.1 only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'candor-podman-pods-'));
    const out = execFileSync('node', [join(REPO_ROOT, 'deploy', 'podman-pods.mjs'), join(REPO_ROOT, '.cache', 'k8s', 'rendered', 'dev-podman.yaml'), 'identity:http:31201'], {
      encoding: 'utf8',
      env: { ...process.env, PODMAN_SECRET_PREFIX: 'test-' },
    });
    writeFileSync(join(dir, 'play.yaml'), out);
    const docs = load(join(dir, 'play.yaml'));
    expect([...new Set(docs.map((doc) => doc.kind))].sort()).toEqual(['ConfigMap', 'PersistentVolumeClaim', 'Pod']);
    const pods = of(docs, 'Pod').map((pod) => pod.metadata.name);
    expect(pods.slice(0, 4).sort()).toEqual(['kafka', 'mongo', 'postgres', 's3']); // the servers first
    expect([...pods].sort()).toEqual([...SERVICES, 'jaeger', 'kafka', 'mongo', 'postgres', 's3'].sort());
    for (const service of of(rendered['dev-podman']!, 'Service')) expect(pods).toContain(service.metadata.name);
    expect(of(docs, 'PersistentVolumeClaim').map((claim) => claim.metadata.name).sort()).toEqual(['kafka-data', 'mongo-state', 'postgres-data', 's3-data']);
    const postgres = named(docs, 'Pod', 'postgres')!.spec;
    expect(postgres.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'postgres-data' } });
    const containers = of(docs, 'Pod').flatMap((pod) => pod.spec.containers);
    for (const container of containers) {
      expect([container.name, container.livenessProbe, container.readinessProbe, container.startupProbe]).toEqual([container.name, undefined, undefined, undefined]);
      for (const port of container.ports ?? []) expect([container.name, port.hostIP]).toEqual([container.name, '127.0.0.1']);
      for (const variable of container.env ?? []) {
        expect([container.name, variable.valueFrom?.fieldRef]).toEqual([container.name, undefined]);
        if (variable.valueFrom?.secretKeyRef) expect(variable.valueFrom.secretKeyRef.name).toMatch(/^test-candor-/);
      }
    }
    expect(containers.flatMap((container) => container.ports ?? [])).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP', hostPort: 31201, hostIP: '127.0.0.1' }]);
    // the Services' port 80 becomes the pods' 3000 in the URLs the ConfigMaps hold
    expect(named(docs, 'ConfigMap', 'invite')!.data.CANDOR_IDENTITY_URL).toBe('http://identity:3000');
    expect(named(docs, 'ConfigMap', 'media')!.data.CANDOR_INVITE_JWKS).toBe('http://invite:3000/api/invite/.well-known/jwks.json');
    expect(named(docs, 'ConfigMap', 'candor-common')!.data.KAFKA_BROKERS).toBe('kafka:9092');
  });
});
