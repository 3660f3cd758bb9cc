package io.hutong.deploy.server;

import io.hutong.deploy.process.FreePorts;
import java.nio.file.Path;

/**
 * Where a stack keeps its data, which ports its servers use and how durable its PostgreSQL is. The
 * run command uses the documented local ports and {@link Durability#DURABLE}; test stacks take free
 * ports so they never collide with a running stack, and say which durability they want.
 */
public record StackSettings(
    Path dataDir,
    int postgresPort,
    int kafkaPort,
    int keycloakPort,
    int gatewayPort,
    Durability durability) {

  /**
   * The ports of ARCHITECTURE.md (PostgreSQL 5432, Kafka 9092, Keycloak 8180, gateway 8080),
   * durable.
   */
  public static StackSettings localDefaults(Path dataDir) {
    return new StackSettings(dataDir.toAbsolutePath(), 5432, 9092, 8180, 8080, Durability.DURABLE);
  }

  /**
   * Free ports, for a private stack in a test JVM. The gateway's port is chosen here too, before
   * Keycloak imports the realm: the console's client accepts sign-ins returning to exactly that
   * origin (Keycloak has no wildcard for a port).
   */
  public static StackSettings ephemeral(Path dataDir, Durability durability) {
    return new StackSettings(
        dataDir.toAbsolutePath(),
        FreePorts.next(),
        FreePorts.next(),
        FreePorts.next(),
        FreePorts.next(),
        durability);
  }
}
