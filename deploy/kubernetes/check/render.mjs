// A renderer for exactly the Kustomize features deploy/kubernetes uses, so the manifests can be
// rendered and checked on a machine without kubectl: resources (files and directories holding a
// kustomization.yaml), namespace, labels (metadata only), images, replicas, and patches that are
// inline JSON 6902 operations with a kind/name target. Anything else in a kustomization is refused,
// never silently ignored; check.mjs compares the result with `kubectl kustomize` where kubectl is
// present.
import { readFileSync, statSync, existsSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";

const SUPPORTED = new Set([
  "apiVersion",
  "kind",
  "resources",
  "namespace",
  "labels",
  "images",
  "replicas",
  "patches",
]);

/** Kinds the namespace transformer leaves alone (none is used today; listed to stay correct). */
const CLUSTER_SCOPED = new Set([
  "Namespace",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "PersistentVolume",
  "StorageClass",
  "PriorityClass",
]);

const SCALABLE = new Set(["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"]);

export function parseDocuments(text, source) {
  return YAML.parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length) throw new Error(`${source}: ${doc.errors[0].message}`);
      return doc.toJS();
    })
    .filter((obj) => obj !== null && obj !== undefined);
}

/** Renders the kustomization in `dir` into a list of plain objects. */
export function render(dir) {
  const file = ["kustomization.yaml", "kustomization.yml", "Kustomization"]
    .map((name) => path.join(dir, name))
    .find((candidate) => existsSync(candidate));
  if (!file) throw new Error(`${dir}: no kustomization.yaml`);
  const k = YAML.parse(readFileSync(file, "utf8"));
  for (const key of Object.keys(k)) {
    if (!SUPPORTED.has(key)) {
      throw new Error(`${file}: kustomize field '${key}' is not supported by render.mjs`);
    }
  }
  let objects = [];
  for (const entry of k.resources ?? []) {
    const target = path.resolve(dir, entry);
    objects.push(
      ...(statSync(target).isDirectory()
        ? render(target)
        : parseDocuments(readFileSync(target, "utf8"), target)),
    );
  }
  // Kustomize's order: patches, namespace, labels, replicas, images.
  for (const patch of k.patches ?? []) applyPatch(objects, patch, file);
  if (k.namespace) {
    for (const o of objects) {
      if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = k.namespace;
    }
  }
  for (const label of k.labels ?? []) {
    if (label.includeSelectors || label.includeTemplates || label.fields) {
      throw new Error(`${file}: labels with selectors, templates or fields are not supported`);
    }
    for (const o of objects) {
      o.metadata.labels = { ...(o.metadata.labels ?? {}), ...label.pairs };
    }
  }
  for (const r of k.replicas ?? []) {
    const hits = objects.filter((o) => SCALABLE.has(o.kind) && o.metadata.name === r.name);
    if (hits.length === 0) throw new Error(`${file}: replicas for unknown workload ${r.name}`);
    for (const o of hits) o.spec.replicas = r.count;
  }
  for (const image of k.images ?? []) {
    for (const o of objects) {
      for (const container of containers(o)) {
        if (imageName(container.image) === image.name) {
          container.image = retag(container.image, image);
        }
      }
    }
  }
  return objects;
}

function containers(o) {
  const pod =
    o.kind === "Pod"
      ? o.spec
      : o.kind === "CronJob"
        ? o.spec?.jobTemplate?.spec?.template?.spec
        : o.spec?.template?.spec;
  if (!pod || typeof pod !== "object") return [];
  return [...(pod.containers ?? []), ...(pod.initContainers ?? [])];
}

/** The image reference without tag or digest. */
function imageName(image) {
  const withoutDigest = image.split("@")[0];
  const slash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.lastIndexOf(":");
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}

function retag(image, rule) {
  const name = rule.newName ?? imageName(image);
  if (rule.digest) return `${name}@${rule.digest}`;
  if (rule.newTag) return `${name}:${rule.newTag}`;
  return name + image.slice(imageName(image).length);
}

function applyPatch(objects, patch, file) {
  const allowed = ["patch", "target"];
  if (Object.keys(patch).some((key) => !allowed.includes(key)) || !patch.target) {
    throw new Error(`${file}: only inline patches with a target are supported`);
  }
  const targetKeys = Object.keys(patch.target);
  if (targetKeys.some((key) => !["kind", "name"].includes(key))) {
    throw new Error(`${file}: patch targets may only name kind and name`);
  }
  const ops = YAML.parse(patch.patch);
  if (!Array.isArray(ops)) {
    throw new Error(`${file}: only JSON 6902 patches (a list of operations) are supported`);
  }
  const hits = objects.filter(
    (o) => o.kind === patch.target.kind && o.metadata.name === patch.target.name,
  );
  if (hits.length === 0) {
    throw new Error(`${file}: patch target ${patch.target.kind}/${patch.target.name} not found`);
  }
  for (const o of hits) for (const op of ops) applyOperation(o, op, file);
}

function applyOperation(root, op, file) {
  const tokens = op.path
    .split("/")
    .slice(1)
    .map((t) => t.replaceAll("~1", "/").replaceAll("~0", "~"));
  const last = tokens.pop();
  let parent = root;
  for (const token of tokens) {
    parent = Array.isArray(parent) ? parent[Number(token)] : parent?.[token];
    if (parent === undefined) throw new Error(`${file}: patch path ${op.path} does not exist`);
  }
  const index = Array.isArray(parent) ? (last === "-" ? parent.length : Number(last)) : last;
  const exists = Array.isArray(parent) ? index < parent.length : last in parent;
  switch (op.op) {
    case "add":
      if (Array.isArray(parent)) parent.splice(index, 0, op.value);
      else parent[index] = op.value;
      break;
    case "replace":
      if (!exists) throw new Error(`${file}: replace of missing ${op.path}`);
      parent[index] = op.value;
      break;
    case "remove":
      if (!exists) throw new Error(`${file}: remove of missing ${op.path}`);
      if (Array.isArray(parent)) parent.splice(index, 1);
      else delete parent[index];
      break;
    default:
      throw new Error(`${file}: JSON patch operation '${op.op}' is not supported`);
  }
}
