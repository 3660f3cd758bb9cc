// What must hold of a rendered installation beyond its schemas: probes, resources, disruption
// budgets and hardening on every application; Services, Ingresses and NetworkPolicies that reach
// real pods; Kafka replicated three ways with the ACL table and topics of the Java sources; the
// database roles of the local stack; one issuer everywhere; every Secret documented.
import { isDeepStrictEqual } from "node:util";
import { realmImport, readLocalRealm } from "./realm.mjs";

const PROBES = {
  startupProbe: "liveness",
  livenessProbe: "liveness",
  readinessProbe: "readiness",
};

/** Labels the operators give the pods they make for a custom resource (their documented ones). */
function operatorPods(objects) {
  const pods = [];
  for (const o of objects) {
    const name = o.metadata.name;
    if (o.kind === "Kafka") {
      pods.push({
        owner: `Kafka/${name}`,
        labels: { "strimzi.io/cluster": name, "strimzi.io/kind": "Kafka" },
        ports: {},
      });
    } else if (o.kind === "Cluster") {
      pods.push({ owner: `Cluster/${name}`, labels: { "cnpg.io/cluster": name }, ports: {} });
    } else if (o.kind === "Keycloak") {
      pods.push({
        owner: `Keycloak/${name}`,
        labels: {
          app: "keycloak",
          "app.kubernetes.io/managed-by": "keycloak-operator",
          "app.kubernetes.io/instance": name,
        },
        ports: {},
      });
    }
  }
  return pods;
}

function selects(selector, labels) {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    if (e.operator === "In" && !(has && e.values.includes(labels[e.key]))) return false;
    if (e.operator === "NotIn" && has && e.values.includes(labels[e.key])) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

function env(container, name) {
  return container.env?.find((e) => e.name === name);
}

/** Every Secret a document refers to, as [secret name, where]. */
function secretReferences(objects) {
  const refs = [];
  for (const o of objects) {
    const where = `${o.kind}/${o.metadata.name}`;
    const pod = o.spec?.template?.spec;
    for (const c of pod?.containers ?? []) {
      for (const e of c.env ?? []) {
        if (e.valueFrom?.secretKeyRef) refs.push([e.valueFrom.secretKeyRef.name, where]);
      }
    }
    for (const v of pod?.volumes ?? []) if (v.secret) refs.push([v.secret.secretName, where]);
    if (o.kind === "Ingress") for (const t of o.spec.tls ?? []) refs.push([t.secretName, where]);
    if (o.kind === "Cluster") {
      for (const r of o.spec.managed?.roles ?? []) {
        if (r.passwordSecret) refs.push([r.passwordSecret.name, where]);
      }
    }
    if (o.kind === "Keycloak") {
      refs.push([o.spec.db.usernameSecret.name, where], [o.spec.db.passwordSecret.name, where]);
      if (o.spec.bootstrapAdmin?.user) refs.push([o.spec.bootstrapAdmin.user.secret, where]);
      if (o.spec.http?.tlsSecret) refs.push([o.spec.http.tlsSecret, where]);
    }
    if (o.kind === "KeycloakRealmImport") {
      for (const p of Object.values(o.spec.placeholders ?? {})) refs.push([p.secret.name, where]);
    }
  }
  return refs;
}

export function checkInvariants(objects, { expectations, readme, label }, problems) {
  const fail = (message) => problems.push(`${label}: ${message}`);
  const of = (kind) => objects.filter((o) => o.kind === kind);
  const one = (kind) => {
    const list = of(kind);
    if (list.length !== 1) fail(`expected exactly one ${kind}, found ${list.length}`);
    return list[0];
  };
  const deployments = of("Deployment");
  const configMaps = new Map(of("ConfigMap").map((c) => [c.metadata.name, c]));
  const pods = [
    ...deployments.map((d) => ({
      owner: `Deployment/${d.metadata.name}`,
      labels: d.spec.template.metadata.labels,
      ports: Object.fromEntries(
        d.spec.template.spec.containers.flatMap((c) =>
          (c.ports ?? []).map((p) => [p.name, p.containerPort]),
        ),
      ),
    })),
    ...operatorPods(objects),
  ];

  // Applications: replicas, probes, resources, hardening, budgets, configuration references.
  for (const d of deployments) {
    const name = d.metadata.name;
    const podSpec = d.spec.template.spec;
    if ((d.spec.replicas ?? 1) < 2) fail(`Deployment ${name} runs fewer than two replicas`);
    if (!selects(d.spec.selector, d.spec.template.metadata.labels)) {
      fail(`Deployment ${name}'s selector does not select its own pods`);
    }
    if (podSpec.securityContext?.runAsNonRoot !== true) fail(`${name}: pod may run as root`);
    const tmpVolumes = new Set(
      (podSpec.volumes ?? []).filter((v) => v.emptyDir).map((v) => v.name),
    );
    for (const c of podSpec.containers) {
      const where = `${name}/${c.name}`;
      const portNames = new Set((c.ports ?? []).map((p) => p.name));
      const context = env(c, "SERVER_SERVLET_CONTEXTPATH")?.value ?? (name === "console" ? "/console" : "");
      for (const [probe, group] of Object.entries(PROBES)) {
        const get = c[probe]?.httpGet;
        if (!get) {
          fail(`${where}: no ${probe}`);
          continue;
        }
        if (get.path !== `${context}/actuator/health/${group}`) {
          fail(`${where}: ${probe} asks ${get.path}, not ${context}/actuator/health/${group}`);
        }
        if (!portNames.has(get.port)) fail(`${where}: ${probe} uses unknown port ${get.port}`);
      }
      for (const part of ["requests", "limits"]) {
        for (const resource of ["cpu", "memory"]) {
          if (!c.resources?.[part]?.[resource]) fail(`${where}: no ${part}.${resource}`);
        }
      }
      const sc = c.securityContext ?? {};
      if (sc.readOnlyRootFilesystem !== true) fail(`${where}: root filesystem is writable`);
      if (sc.allowPrivilegeEscalation !== false) fail(`${where}: privilege escalation allowed`);
      if (!sc.capabilities?.drop?.includes("ALL")) fail(`${where}: capabilities not dropped`);
      const tmp = (c.volumeMounts ?? []).find((m) => m.mountPath === "/tmp");
      if (!tmp || !tmpVolumes.has(tmp.name)) fail(`${where}: /tmp is not an emptyDir`);
      const defined = new Set();
      for (const e of c.env ?? []) {
        for (const m of (e.value ?? "").matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) {
          if (!defined.has(m[1])) fail(`${where}: ${e.name} refers to $(${m[1]}) before it is set`);
        }
        defined.add(e.name);
        const ref = e.valueFrom?.configMapKeyRef;
        if (ref && !(ref.key in (configMaps.get(ref.name)?.data ?? {}))) {
          fail(`${where}: ${e.name} reads missing ConfigMap key ${ref.name}/${ref.key}`);
        }
      }
      const jvm = env(c, "JDK_JAVA_OPTIONS")?.value ?? "";
      if (!/-Xmx\d+m/.test(jvm)) fail(`${where}: no -Xmx in JDK_JAVA_OPTIONS`);
      if (!jvm.includes("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.hutong.schemas")) {
        fail(`${where}: JVM lacks -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.hutong.schemas`);
      }
    }
    const budgets = of("PodDisruptionBudget").filter((p) =>
      selects(p.spec.selector, d.spec.template.metadata.labels),
    );
    if (budgets.length !== 1) fail(`Deployment ${name} has ${budgets.length} disruption budgets`);
    else if (budgets[0].spec.minAvailable !== 1) fail(`${name}'s budget is not minAvailable 1`);
  }
  for (const p of of("PodDisruptionBudget")) {
    if (!deployments.some((d) => selects(p.spec.selector, d.spec.template.metadata.labels))) {
      fail(`PodDisruptionBudget ${p.metadata.name} selects no Deployment`);
    }
  }

  // Services select a Deployment's pods and name ports those pods have.
  const serviceNames = new Map(of("Service").map((s) => [s.metadata.name, s]));
  for (const s of of("Service")) {
    const targets = deployments.filter((d) =>
      selects({ matchLabels: s.spec.selector }, d.spec.template.metadata.labels),
    );
    if (targets.length !== 1) {
      fail(`Service ${s.metadata.name} selects ${targets.length} Deployments`);
      continue;
    }
    const ports = pods.find((p) => p.owner === `Deployment/${targets[0].metadata.name}`).ports;
    for (const port of s.spec.ports) {
      if (typeof port.targetPort === "string" && !(port.targetPort in ports)) {
        fail(`Service ${s.metadata.name} targets unknown port ${port.targetPort}`);
      }
    }
  }

  // Ingress backends exist (the Keycloak operator makes <name>-service).
  for (const k of of("Keycloak")) {
    serviceNames.set(`${k.metadata.name}-service`, {
      spec: { ports: [{ port: k.spec.http.httpPort }] },
    });
  }
  for (const ing of of("Ingress")) {
    for (const rule of ing.spec.rules) {
      for (const p of rule.http.paths) {
        const svc = serviceNames.get(p.backend.service.name);
        const port = p.backend.service.port;
        if (!svc) fail(`Ingress ${ing.metadata.name} routes to missing ${p.backend.service.name}`);
        else if (!svc.spec.ports.some((sp) => sp.name === port.name || sp.port === port.number)) {
          fail(`Ingress ${ing.metadata.name}: ${p.backend.service.name} has no port ${JSON.stringify(port)}`);
        }
      }
    }
  }

  // NetworkPolicies: a default deny, and every selector selects pods that exist.
  const policies = of("NetworkPolicy");
  if (
    !policies.some(
      (p) =>
        Object.keys(p.spec.podSelector).length === 0 &&
        p.spec.policyTypes.includes("Ingress") &&
        !p.spec.ingress,
    )
  ) {
    fail("no default-deny ingress NetworkPolicy");
  }
  const selectsPods = (selector) =>
    Object.keys(selector).length === 0 || pods.some((p) => selects(selector, p.labels));
  for (const p of policies) {
    const name = `NetworkPolicy ${p.metadata.name}`;
    if (!selectsPods(p.spec.podSelector)) fail(`${name} selects no pod`);
    const selected = pods.filter((pod) => selects(p.spec.podSelector, pod.labels));
    for (const rule of p.spec.ingress ?? []) {
      for (const peer of rule.from ?? []) {
        if (peer.podSelector && !peer.namespaceSelector && !selectsPods(peer.podSelector)) {
          fail(`${name} admits pods that do not exist: ${JSON.stringify(peer.podSelector)}`);
        }
      }
      for (const port of rule.ports ?? []) {
        if (typeof port.port === "string" && !selected.every((pod) => port.port in pod.ports)) {
          fail(`${name}: not every selected pod has a port named ${port.port}`);
        }
      }
    }
    for (const rule of p.spec.egress ?? []) {
      for (const peer of rule.to ?? []) {
        if (peer.podSelector && !peer.namespaceSelector && !selectsPods(peer.podSelector)) {
          fail(`${name} lets traffic out to pods that do not exist`);
        }
      }
    }
  }
  // Only the ingress controller reaches in from other namespaces, and only the gateway, the
  // console and Keycloak; Prometheus scrapes the applications' own port.
  for (const p of policies) {
    for (const rule of p.spec.ingress ?? []) {
      for (const peer of rule.from ?? []) {
        const ns = peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"];
        if (!peer.namespaceSelector) continue;
        const reached = pods.filter((pod) => selects(p.spec.podSelector, pod.labels));
        if (ns === "ingress-nginx") {
          for (const pod of reached) {
            if (!["Deployment/gateway", "Deployment/console"].includes(pod.owner) && !pod.owner.startsWith("Keycloak/")) {
              fail(`${p.metadata.name} opens ${pod.owner} to the ingress controller`);
            }
          }
        } else if (ns === "monitoring") {
          if (!rule.ports?.every((port) => port.port === "http")) {
            fail(`${p.metadata.name} opens more than the HTTP port to monitoring`);
          }
        } else if (ns !== "cnpg-system") {
          fail(`${p.metadata.name} admits namespace ${JSON.stringify(peer.namespaceSelector)}`);
        }
      }
    }
  }
  const backends = deployments.filter((d) => d.spec.template.metadata.labels["app.kubernetes.io/component"] === "backend");
  for (const d of backends) {
    const labels = d.spec.template.metadata.labels;
    for (const p of policies.filter((pol) => selects(pol.spec.podSelector, labels))) {
      for (const rule of p.spec.ingress ?? []) {
        for (const peer of rule.from ?? []) {
          if (peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === "monitoring") continue;
          const from = pods.filter((pod) => selects(peer.podSelector ?? {}, pod.labels));
          if (!peer.podSelector || from.some((pod) => pod.owner !== "Deployment/gateway")) {
            fail(`${d.metadata.name} accepts calls from more than the gateway (${p.metadata.name})`);
          }
        }
      }
    }
  }

  // Kafka: KRaft, three nodes, three copies, two in sync, OAuth over TLS, ACLs enforced.
  const kafka = one("Kafka");
  const platform = configMaps.get("hutong-platform")?.data ?? {};
  const keycloak = one("Keycloak");
  const issuer = platform["jwt-issuer-uri"];
  if (kafka) {
    const annotations = kafka.metadata.annotations ?? {};
    if (annotations["strimzi.io/kraft"] !== "enabled") fail("Kafka is not in KRaft mode");
    if (annotations["strimzi.io/node-pools"] !== "enabled") fail("Kafka does not use node pools");
    const nodePools = of("KafkaNodePool").filter(
      (p) => p.metadata.labels?.["strimzi.io/cluster"] === kafka.metadata.name,
    );
    const count = (role) =>
      nodePools.filter((p) => p.spec.roles.includes(role)).reduce((n, p) => n + p.spec.replicas, 0);
    if (count("broker") < 3) fail(`Kafka has ${count("broker")} brokers, not three or more`);
    if (count("controller") !== 3) fail(`Kafka has ${count("controller")} controllers, not three`);
    const config = kafka.spec.kafka.config ?? {};
    const required = {
      "default.replication.factor": 3,
      "min.insync.replicas": 2,
      "offsets.topic.replication.factor": 3,
      "transaction.state.log.replication.factor": 3,
      "transaction.state.log.min.isr": 2,
      "auto.create.topics.enable": false,
    };
    for (const [key, value] of Object.entries(required)) {
      if (config[key] !== value) fail(`Kafka config ${key} is ${config[key]}, not ${value}`);
    }
    if (kafka.spec.kafka.authorization?.type !== "simple") fail("Kafka does not enforce ACLs");
    for (const l of kafka.spec.kafka.listeners) {
      const auth = l.authentication ?? {};
      if (!l.tls) fail(`Kafka listener ${l.name} is not TLS`);
      if (auth.type !== "oauth") fail(`Kafka listener ${l.name} does not take OAuth tokens`);
      if (auth.userNameClaim !== "azp") fail(`Kafka listener ${l.name}: principal is not azp`);
      if (!auth.customClaimCheck?.includes("'hutong-kafka'")) {
        fail(`Kafka listener ${l.name} does not require audience hutong-kafka`);
      }
      if (auth.validIssuerUri !== issuer) {
        fail(`Kafka listener ${l.name} trusts issuer ${auth.validIssuerUri}, services ${issuer}`);
      }
    }
  }
  if (keycloak && `${keycloak.spec.hostname.hostname}/realms/hutong` !== issuer) {
    fail(`Keycloak's host name ${keycloak.spec.hostname.hostname} does not give issuer ${issuer}`);
  }

  // Topics: exactly the shared topics of schemas' SharedTopics, replicated as the cluster says.
  const topics = of("KafkaTopic");
  const expectedTopics = new Map(expectations.topics.map((t) => [t.name, t]));
  for (const t of topics) {
    const name = t.spec.topicName ?? t.metadata.name;
    const expected = expectedTopics.get(name);
    if (t.metadata.labels?.["strimzi.io/cluster"] !== kafka?.metadata.name) {
      fail(`KafkaTopic ${name} belongs to no Kafka cluster here`);
    }
    if (!expected) {
      fail(`KafkaTopic ${name} is not a shared topic of SharedTopics`);
      continue;
    }
    if (t.spec.partitions !== expected.partitions) {
      fail(`KafkaTopic ${name}: ${t.spec.partitions} partitions, SharedTopics says ${expected.partitions}`);
    }
    if ((t.spec.replicas ?? 3) !== 3) fail(`KafkaTopic ${name} has ${t.spec.replicas} replicas`);
    const config = { ...(t.spec.config ?? {}) };
    const minIsr = config["min.insync.replicas"];
    if (minIsr !== undefined && Number(minIsr) !== 2) fail(`KafkaTopic ${name}: min.insync.replicas ${minIsr}`);
    delete config["min.insync.replicas"];
    const actual = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, String(v)]));
    if (!isDeepStrictEqual(actual, expected.configs)) {
      fail(`KafkaTopic ${name}: config ${JSON.stringify(actual)}, SharedTopics says ${JSON.stringify(expected.configs)}`);
    }
  }
  for (const name of expectedTopics.keys()) {
    if (!topics.some((t) => (t.spec.topicName ?? t.metadata.name) === name)) {
      fail(`shared topic ${name} has no KafkaTopic`);
    }
  }

  // ACLs: exactly KafkaAccess.grants(), one KafkaUser per principal, no credentials of its own.
  const row = (a) => `${a.principal} ${a.operation} ${a.resourceType}:${a.patternType}:${a.name}`;
  const actualAcls = new Set();
  for (const u of of("KafkaUser")) {
    if (u.spec.authentication) fail(`KafkaUser ${u.metadata.name} has credentials; Keycloak holds them`);
    if (u.spec.authorization?.type !== "simple") fail(`KafkaUser ${u.metadata.name} has no simple ACLs`);
    for (const acl of u.spec.authorization?.acls ?? []) {
      if ((acl.type ?? "allow") !== "allow" || (acl.host ?? "*") !== "*") {
        fail(`KafkaUser ${u.metadata.name}: only allow rules for any host are expected`);
      }
      for (const operation of acl.operations ?? [acl.operation]) {
        actualAcls.add(
          row({
            principal: u.metadata.name,
            operation,
            resourceType: acl.resource.type,
            patternType: acl.resource.patternType ?? "literal",
            name: acl.resource.name,
          }),
        );
      }
    }
  }
  const expectedAcls = new Set(expectations.acls.map(row));
  for (const r of expectedAcls) if (!actualAcls.has(r)) fail(`ACL missing (KafkaAccess grants it): ${r}`);
  for (const r of actualAcls) if (!expectedAcls.has(r)) fail(`ACL not in KafkaAccess: ${r}`);

  // Each application's Kafka login is the KafkaUser of its Keycloak client.
  const users = new Set(of("KafkaUser").map((u) => u.metadata.name));
  for (const d of deployments) {
    for (const c of d.spec.template.spec.containers) {
      const jaas = env(c, "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG")?.value;
      if (!jaas) continue;
      const client = /clientId="([^"]+)"/.exec(jaas)?.[1];
      if (!users.has(client)) fail(`${d.metadata.name} logs in to Kafka as ${client}, who has no KafkaUser`);
      const secretKey = env(c, "KAFKA_CLIENT_SECRET")?.valueFrom?.secretKeyRef?.key;
      if (secretKey !== client) fail(`${d.metadata.name} takes the secret of ${secretKey} for client ${client}`);
    }
  }

  // PostgreSQL: three instances, synchronous, the local stack's roles and grants.
  const cluster = one("Cluster");
  if (cluster) {
    if (cluster.spec.instances < 3) fail(`PostgreSQL has ${cluster.spec.instances} instances`);
    if (!(cluster.spec.postgresql?.synchronous?.number >= 1)) fail("PostgreSQL replication is not synchronous");
    const initdb = cluster.spec.bootstrap?.initdb ?? {};
    if (initdb.database !== expectations.database) {
      fail(`PostgreSQL database is ${initdb.database}, the services use ${expectations.database}`);
    }
    const sql = (initdb.postInitApplicationSQL ?? []).map((s) => s.trim().toLowerCase());
    const managed = new Map((cluster.spec.managed?.roles ?? []).map((r) => [r.name, r]));
    for (const role of expectations.databaseRoles) {
      const rights = role.create ? "connect, create" : "connect";
      if (!sql.includes(`grant ${rights} on database ${expectations.database} to ${role.name}`)) {
        fail(`role ${role.name} is not granted exactly ${rights} on ${expectations.database}`);
      }
      const m = managed.get(role.name);
      if (!m?.login || !m.passwordSecret) fail(`role ${role.name} is not a managed login with a password Secret`);
    }
    const grants = sql.filter((s) => s.startsWith("grant "));
    if (grants.length !== expectations.databaseRoles.length) {
      fail(`PostgreSQL grants ${grants.length} rights, ServiceDatabase knows ${expectations.databaseRoles.length} roles`);
    }
    const passwordSecrets = new Set([...managed.values()].map((r) => r.passwordSecret?.name));
    for (const d of deployments) {
      for (const c of d.spec.template.spec.containers) {
        for (const e of c.env ?? []) {
          const ref = e.valueFrom?.secretKeyRef;
          if (/^(SPRING_DATASOURCE|SPRING_FLYWAY|HUTONG_AUDIT_RETENTION)_(USERNAME|USER|PASSWORD)$/.test(e.name) && !passwordSecrets.has(ref?.name)) {
            fail(`${d.metadata.name}: ${e.name} comes from ${ref?.name}, which is no managed role's Secret`);
          }
        }
        const url = env(c, "SPRING_DATASOURCE_URL")?.valueFrom?.configMapKeyRef;
        if (url && !platform[url.key]?.includes(`//${cluster.metadata.name}-rw:5432/${expectations.database}`)) {
          fail(`${d.metadata.name} does not connect to ${cluster.metadata.name}-rw`);
        }
      }
    }
  }

  // Keycloak's realm is the local realm minus its secrets and demonstration people.
  const realm = one("KeycloakRealmImport");
  if (realm && keycloak) {
    const expected = realmImport(readLocalRealm());
    if (realm.spec.keycloakCRName !== keycloak.metadata.name) fail("the realm import names another Keycloak");
    if (!isDeepStrictEqual(realm.spec, expected.spec)) {
      fail("keycloak-realm-import.yaml is not the local realm's derivation: run `node realm.mjs`");
    }
  }

  // Every Secret referred to is one the README tells the operator to create (or an operator's).
  const undocumented = new Map();
  for (const [secret, where] of secretReferences(objects)) {
    if (!readme.includes(`\`${secret}\``)) undocumented.set(secret, where);
  }
  for (const [secret, where] of undocumented) {
    fail(`${where} uses Secret ${secret}, which the README does not list`);
  }
}
