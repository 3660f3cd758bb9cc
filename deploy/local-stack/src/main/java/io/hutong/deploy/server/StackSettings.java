package io.hutong.deploy.server;

import io.hutong.deploy.process.FreePorts;
import java.nio.file.Path;

/**
 * Where a stack keeps its data and which ports its servers use. The run command uses the documented
 * local ports; test stacks take free ports so they never collide with a running stack.
 */
public record StackSettings(Path dataDir, int postgresPort, int kafkaPort, int keycloakPort) {

  /** The ports of ARCHITECTURE.md: PostgreSQL 5432, Kafka 9092, Keycloak 8180. */
  public static StackSettings localDefaults(Path dataDir) {
    return new StackSettings(dataDir.toAbsolutePath(), 5432, 9092, 8180);
  }

  /** Free ports, for a private stack in a test JVM. */
  public static StackSettings ephemeral(Path dataDir) {
    return new StackSettings(
        dataDir.toAbsolutePath(), FreePorts.next(), FreePorts.next(), FreePorts.next());
  }
}
