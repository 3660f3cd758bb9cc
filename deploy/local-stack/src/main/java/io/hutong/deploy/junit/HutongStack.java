package io.hutong.deploy.junit;

import io.hutong.deploy.server.Durability;
import io.hutong.deploy.server.Infrastructure;
import io.hutong.deploy.server.StackSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension giving integration tests the real servers of the local stack — PostgreSQL, Kafka,
 * Keycloak — started once per test JVM on free ports, in a fresh directory, and stopped when the
 * JVM ends. Use {@code @ExtendWith(HutongStack.class)} and read {@link #infrastructure()} (or take
 * an {@link Infrastructure} parameter).
 *
 * <p>The data directory is {@code -Dhutong.stack.dir} (Failsafe sets {@code target/hutong-stack}),
 * else a temporary directory.
 *
 * <p>PostgreSQL runs with {@link Durability#FAST} settings here — the one place tests opt out of
 * the durable settings the run command always uses. A test JVM that needs crash-safe commits (a
 * test that SIGKILLs PostgreSQL, a benchmark measuring the real cost) sets {@code
 * -Dhutong.stack.durability=durable}.
 *
 * <p>Kafka is one broker, or a cluster of three with {@code -Dhutong.stack.brokers=3} (the cluster
 * tests' JVM).
 */
public final class HutongStack implements BeforeAllCallback, ParameterResolver {

  private static Infrastructure shared;

  /** The shared servers of this JVM, started on first use. */
  public static synchronized Infrastructure infrastructure() {
    if (shared == null) {
      Path dir = stackDir();
      long start = System.nanoTime();
      Durability durability = Durability.fromSystemProperty(Durability.FAST);
      int brokers = Integer.getInteger("hutong.stack.brokers", 1);
      shared = Infrastructure.start(StackSettings.ephemeral(dir, durability, brokers));
      System.out.printf(
          "[hutong-stack] PostgreSQL (%s), Kafka (%d broker%s) and Keycloak ready in %.1f s (%s)%n",
          durability.describe(),
          brokers,
          brokers == 1 ? "" : "s",
          (System.nanoTime() - start) / 1e9,
          dir);
      Infrastructure stopping = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(stopping::close, "hutong-stack-stop"));
    }
    return shared;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    infrastructure();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    return parameter.getParameter().getType() == Infrastructure.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
    return infrastructure();
  }

  private static Path stackDir() {
    try {
      String configured = System.getProperty("hutong.stack.dir");
      Path dir =
          configured == null
              ? Files.createTempDirectory("hutong-stack")
              : Path.of(configured).toAbsolutePath();
      wipe(dir);
      Files.createDirectories(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void wipe(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    new io.hutong.deploy.process.PidFile(dir).stopLeftovers();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
