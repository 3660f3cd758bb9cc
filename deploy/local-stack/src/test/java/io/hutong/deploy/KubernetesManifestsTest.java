package io.hutong.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.server.KafkaAccess;
import io.hutong.deploy.server.ServiceDatabase;
import io.hutong.schemas.SharedTopics;
import io.hutong.schemas.TopicSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests under {@code deploy/kubernetes} are rendered and checked offline by the
 * Node check in {@code deploy/kubernetes/check}: the Kubernetes, Strimzi and CloudNativePG schemas,
 * a hand-written schema for Keycloak's CRs, unknown fields, and the platform's invariants. This
 * test hands that check what the Java sources say the manifests must carry — the Kafka ACL table
 * ({@link KafkaAccess}), the shared topics ({@link SharedTopics}) and the database roles ({@link
 * ServiceDatabase}) — so the manifests cannot drift from the local stack, and fails with the
 * check's report. Node and npm are needed; without them the test fails and says how to get them.
 */
class KubernetesManifestsTest {

  private static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  private static final Path KUBERNETES = MODULE.resolve("../kubernetes").normalize();
  private static final Path CHECK = KUBERNETES.resolve("check");

  @Test
  void manifestsRenderValidateAndMatchTheLocalStack() throws Exception {
    requireNode();
    installCheckDependencies();
    Path expectations = MODULE.resolve("target/kubernetes-expectations.json");
    Files.createDirectories(expectations.getParent());
    Files.writeString(expectations, expectationsJson(), StandardCharsets.UTF_8);

    Run check = run(List.of("node", "check.mjs", "--expect", expectations.toString()), 120);
    System.out.println(check.output());
    assertThat(check.exitCode())
        .as("deploy/kubernetes/check reported problems:%n%s", check.output())
        .isZero();
  }

  /** The Java sources' side of the contract, as JSON for check.mjs. */
  static String expectationsJson() {
    List<String> acls = new ArrayList<>();
    for (KafkaAccess.Grant grant : KafkaAccess.grants()) {
      for (AclOperation operation : grant.operations()) {
        acls.add(
            object(
                Map.of(
                    "principal", grant.service().clientId(),
                    "operation", strimziOperation(operation),
                    "resourceType", strimziResource(grant.type()),
                    "patternType", strimziPattern(grant.pattern()),
                    "name", grant.name())));
      }
    }
    List<String> topics =
        SharedTopics.ALL.stream().map(KubernetesManifestsTest::topic).collect(Collectors.toList());
    List<String> roles = new ArrayList<>();
    ServiceDatabase.all()
        .forEach(db -> roles.add("{\"name\":" + string(db.username()) + ",\"create\":true}"));
    ServiceDatabase.restrictedRoles()
        .forEach(db -> roles.add("{\"name\":" + string(db.username()) + ",\"create\":false}"));
    return "{\"database\":\"hutong\",\"acls\":["
        + String.join(",", acls)
        + "],\"topics\":["
        + String.join(",", topics)
        + "],\"databaseRoles\":["
        + String.join(",", roles)
        + "]}";
  }

  private static String topic(TopicSpec spec) {
    return "{\"name\":"
        + string(spec.name())
        + ",\"partitions\":"
        + spec.partitions()
        + ",\"configs\":"
        + object(spec.configs())
        + "}";
  }

  /** Strimzi spells Kafka's operations in camel case: {@code WRITE} is {@code Write}. */
  private static String strimziOperation(AclOperation operation) {
    return switch (operation) {
      case READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE -> capitalised(operation.name());
      case IDEMPOTENT_WRITE -> "IdempotentWrite";
      case DESCRIBE_CONFIGS -> "DescribeConfigs";
      case ALTER_CONFIGS -> "AlterConfigs";
      case CLUSTER_ACTION -> "ClusterAction";
      default -> throw new IllegalArgumentException("no Strimzi name for " + operation);
    };
  }

  private static String strimziResource(ResourceType type) {
    return switch (type) {
      case TOPIC -> "topic";
      case GROUP -> "group";
      case CLUSTER -> "cluster";
      case TRANSACTIONAL_ID -> "transactionalId";
      default -> throw new IllegalArgumentException("no Strimzi name for " + type);
    };
  }

  private static String strimziPattern(PatternType pattern) {
    return switch (pattern) {
      case LITERAL -> "literal";
      case PREFIXED -> "prefix";
      default -> throw new IllegalArgumentException("no Strimzi name for " + pattern);
    };
  }

  private static String capitalised(String name) {
    return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
  }

  private static String object(Map<String, String> members) {
    return new TreeMap<>(members)
        .entrySet().stream()
            .map(e -> string(e.getKey()) + ":" + string(e.getValue()))
            .collect(Collectors.joining(",", "{", "}"));
  }

  private static String string(String value) {
    StringBuilder json = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"').toString();
  }

  private static void requireNode() {
    for (String tool : List.of("node", "npm")) {
      try {
        run(List.of(tool, "--version"), 30);
      } catch (IOException e) {
        throw new AssertionError(
            tool
                + " is not installed, and the Kubernetes manifests are checked with Node (20 or"
                + " newer) and npm: install them (Debian/Ubuntu: apt-get install nodejs npm) and run"
                + " the test again. See deploy/kubernetes/README.md.",
            e);
      }
    }
  }

  /** {@code npm ci} once, and again only when the lock file changes. */
  private static void installCheckDependencies() throws Exception {
    Path installed = CHECK.resolve("node_modules/.package-lock.json");
    Path lock = CHECK.resolve("package-lock.json");
    if (Files.exists(installed)
        && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
      return;
    }
    Run install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 600);
    assertThat(install.exitCode())
        .as("npm ci in deploy/kubernetes/check failed:%n%s", install.output())
        .isZero();
  }

  private record Run(int exitCode, String output) {}

  private static Run run(List<String> command, int timeoutSeconds) throws IOException {
    Process process =
        new ProcessBuilder(command).directory(CHECK.toFile()).redirectErrorStream(true).start();
    CompletableFuture<String> output =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            String.join(" ", command) + " took over " + timeoutSeconds + " s:\n" + output.join());
      }
      return new Run(process.exitValue(), output.join());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new UncheckedIOException(new IOException("interrupted: " + command, e));
    }
  }
}
