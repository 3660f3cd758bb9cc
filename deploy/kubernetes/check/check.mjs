// Renders deploy/kubernetes and checks it offline (KubernetesManifestsTest runs this):
//  1. every overlay (and the base) is rendered by render.mjs and, where kubectl is installed, by
//     `kubectl kustomize` too; both renderings must be equal;
//  2. every document is validated against the schemas of kubernetes-models (core kinds),
//     @kubernetes-models/strimzi-kafka-operator and @kubernetes-models/cloudnative-pg, and
//     Keycloak's CRs against the hand-written keycloak-crs.schema.json;
//  3. no document carries a field its type declaration lacks (strict.mjs);
//  4. the platform's invariants hold (invariants.mjs), against the expectations the test exports
//     from the Java sources (KafkaAccess, SharedTopics, ServiceDatabase): --expect <file>.
// Exit status 0 when all is well; otherwise every problem is listed and the status is 1.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import Ajv from "ajv";
import { render, parseDocuments } from "./render.mjs";
import { unknownKeys } from "./strict.mjs";
import { checkInvariants } from "./invariants.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");

/** Which package models each kind (apiVersion + kind), with its interface name. */
const MODELS = {
  "v1/ConfigMap": "kubernetes-models/v1/ConfigMap",
  "v1/Service": "kubernetes-models/v1/Service",
  "apps/v1/Deployment": "kubernetes-models/apps/v1/Deployment",
  "policy/v1/PodDisruptionBudget": "kubernetes-models/policy/v1/PodDisruptionBudget",
  "networking.k8s.io/v1/NetworkPolicy": "kubernetes-models/networking.k8s.io/v1/NetworkPolicy",
  "networking.k8s.io/v1/Ingress": "kubernetes-models/networking.k8s.io/v1/Ingress",
  "kafka.strimzi.io/v1beta2/Kafka":
    "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2/Kafka",
  "kafka.strimzi.io/v1beta2/KafkaNodePool":
    "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2/KafkaNodePool",
  "kafka.strimzi.io/v1beta2/KafkaTopic":
    "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2/KafkaTopic",
  "kafka.strimzi.io/v1beta2/KafkaUser":
    "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2/KafkaUser",
  "postgresql.cnpg.io/v1/Cluster": "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster",
  "postgresql.cnpg.io/v1/Database":
    "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Database",
};

const KEYCLOAK_KINDS = new Set([
  "k8s.keycloak.org/v2alpha1/Keycloak",
  "k8s.keycloak.org/v2alpha1/KeycloakRealmImport",
]);

function parseArgs(argv) {
  const args = { expect: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--expect") args.expect = argv[++i];
    else throw new Error(`unknown argument ${argv[i]} (usage: node check.mjs --expect <file>)`);
  }
  if (!args.expect) {
    throw new Error(
      "--expect <file> is required: the expectations KubernetesManifestsTest exports from " +
        "KafkaAccess, SharedTopics and ServiceDatabase",
    );
  }
  return args;
}

const id = (o) => `${o.kind}/${o.metadata?.namespace ?? "-"}/${o.metadata?.name}`;

/** `kubectl kustomize dir` as objects, or null when kubectl is not installed. */
function kubectlRender(dir) {
  const result = spawnSync("kubectl", ["kustomize", dir], { encoding: "utf8", timeout: 60_000 });
  if (result.error?.code === "ENOENT") return null;
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${result.stderr}`);
  return parseDocuments(result.stdout, `kubectl kustomize ${dir}`);
}

function compareRenderings(mine, theirs, label, problems) {
  const byId = (list) => new Map(list.map((o) => [id(o), o]));
  const a = byId(mine);
  const b = byId(theirs);
  for (const key of a.keys()) if (!b.has(key)) problems.push(`${label}: only render.mjs has ${key}`);
  for (const key of b.keys()) if (!a.has(key)) problems.push(`${label}: only kubectl has ${key}`);
  for (const [key, o] of a) {
    if (b.has(key) && !isDeepStrictEqual(o, b.get(key))) {
      problems.push(
        `${label}: ${key} differs between render.mjs and kubectl kustomize:\n` +
          `  render.mjs: ${JSON.stringify(o)}\n  kubectl:    ${JSON.stringify(b.get(key))}`,
      );
    }
  }
}

async function validate(objects, label, problems, ajv) {
  const counts = {};
  for (const o of objects) {
    const kind = `${o.apiVersion}/${o.kind}`;
    const where = `${label}: ${id(o)}`;
    counts[o.kind] = (counts[o.kind] ?? 0) + 1;
    if (MODELS[kind]) {
      const module = await import(MODELS[kind]);
      try {
        new module[o.kind](o).validate();
      } catch (e) {
        problems.push(`${where}: schema: ${e.message}`);
      }
      for (const key of unknownKeys(o, MODELS[kind], `I${o.kind}`)) {
        problems.push(`${where}: unknown field ${key}`);
      }
    } else if (KEYCLOAK_KINDS.has(kind)) {
      const check = ajv.getSchema(`keycloak#/$defs/${o.kind}`);
      if (!check(o)) {
        for (const e of check.errors) {
          problems.push(`${where}: keycloak-crs.schema.json: ${e.instancePath} ${e.message}`);
        }
      }
    } else {
      problems.push(`${where}: no schema known for ${kind}; add one to check.mjs`);
    }
  }
  return counts;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const expectations = JSON.parse(readFileSync(args.expect, "utf8"));
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addSchema(
    JSON.parse(readFileSync(path.join(here, "keycloak-crs.schema.json"), "utf8")),
    "keycloak",
  );
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const overlays = readdirSync(path.join(root, "overlays")).map((name) =>
    path.join(root, "overlays", name),
  );
  const problems = [];
  let kubectlSeen = false;
  let renderingsDiffer = false;
  for (const dir of [path.join(root, "base"), ...overlays]) {
    const label = path.relative(root, dir);
    const before = problems.length;
    const objects = render(dir);
    const theirs = kubectlRender(dir);
    if (theirs) {
      kubectlSeen = true;
      const known = problems.length;
      compareRenderings(objects, theirs, label, problems);
      renderingsDiffer ||= problems.length > known;
    }
    const counts = await validate(objects, label, problems, ajv);
    if (dir.includes(`${path.sep}overlays${path.sep}`)) {
      checkInvariants(objects, { expectations, readme, label }, problems);
    }
    const summary = Object.entries(counts)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(", ");
    console.log(
      `${label}: ${objects.length} documents (${summary}); ` +
        `${problems.length - before === 0 ? "ok" : `${problems.length - before} problems`}`,
    );
  }
  console.log(
    !kubectlSeen
      ? "kubectl not installed: rendered by render.mjs only"
      : renderingsDiffer
        ? "kubectl kustomize and render.mjs rendered different documents (below)"
        : "kubectl kustomize rendered the same documents as render.mjs",
  );
  if (problems.length) {
    console.log(`\n${problems.length} problems:`);
    for (const p of problems) console.log(`- ${p}`);
    process.exit(1);
  }
  console.log("all documents valid; all invariants hold");
}

main().catch((e) => {
  console.error(e.stack ?? String(e));
  process.exit(2);
});
