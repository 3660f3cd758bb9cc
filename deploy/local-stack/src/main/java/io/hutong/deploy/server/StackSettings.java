package io.hutong.deploy.server;

import io.hutong.deploy.process.FreePorts;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Where a stack keeps its data, which ports its servers use, how many Kafka brokers it runs and how
 * durable its PostgreSQL is. The run command uses the documented local ports and {@link
 * Durability#DURABLE}; test stacks take free ports so they never collide with a running stack, and
 * say which durability they want.
 *
 * @param kafkaPorts one client port per Kafka broker: one for the single-node stack, three for a
 *     cluster
 */
public record StackSettings(
    Path dataDir,
    int postgresPort,
    List<Integer> kafkaPorts,
    int keycloakPort,
    int gatewayPort,
    Durability durability) {

  /** Brokers of the cluster shape ({@code --cluster}): enough for three copies, two in sync. */
  public static final int CLUSTER_BROKERS = 3;

  public StackSettings {
    kafkaPorts = List.copyOf(kafkaPorts);
    if (kafkaPorts.isEmpty()) {
      throw new IllegalArgumentException("a stack runs at least one Kafka broker");
    }
  }

  /**
   * The ports of ARCHITECTURE.md (PostgreSQL 5432, Kafka 9092, Keycloak 8180, gateway 8080),
   * durable; a cluster's further brokers listen on 9093 and 9094.
   */
  public static StackSettings localDefaults(Path dataDir, int brokers) {
    return new StackSettings(
        dataDir.toAbsolutePath(),
        5432,
        IntStream.range(0, brokers).mapToObj(i -> 9092 + i).toList(),
        8180,
        8080,
        Durability.DURABLE);
  }

  /**
   * Free ports, for a private stack in a test JVM. The gateway's port is chosen here too, before
   * Keycloak imports the realm: the console's client accepts sign-ins returning to exactly that
   * origin (Keycloak has no wildcard for a port).
   */
  public static StackSettings ephemeral(Path dataDir, Durability durability, int brokers) {
    return new StackSettings(
        dataDir.toAbsolutePath(),
        FreePorts.next(),
        IntStream.range(0, brokers).mapToObj(i -> FreePorts.next()).toList(),
        FreePorts.next(),
        FreePorts.next(),
        durability);
  }

  /** How many Kafka brokers the stack runs. */
  public int brokers() {
    return kafkaPorts.size();
  }
}
