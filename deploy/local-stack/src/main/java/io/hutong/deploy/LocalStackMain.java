package io.hutong.deploy;

import io.hutong.deploy.platform.Platform;
import io.hutong.deploy.platform.PlatformService;
import io.hutong.deploy.platform.ScrapeConfig;
import io.hutong.deploy.process.FreePorts;
import io.hutong.deploy.process.PidFile;
import io.hutong.deploy.process.Supervisor;
import io.hutong.deploy.server.Infrastructure;
import io.hutong.deploy.server.StackSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * The run command ({@code ./hutong run}): starts PostgreSQL (durable settings), Kafka and Keycloak,
 * then the four services, each in its own process; prints where everything is and how to get a
 * token; supervises every process (one that dies is restarted with backoff, and the console says
 * so); and on Ctrl-C or SIGTERM stops all of it. Data lives in one directory ({@code .hutong/} by
 * default); {@code --fresh} wipes it first.
 *
 * <p>{@code --cluster} runs the scale-out shape instead: three Kafka brokers (three copies of every
 * partition, two in sync) and two instances of every service behind the one gateway, which balances
 * over them — in its own data directory ({@code .hutong-cluster/}).
 */
public final class LocalStackMain {

  private LocalStackMain() {}

  public static void main(String[] args) throws InterruptedException {
    Options options = Options.parse(args);
    long started = System.nanoTime();
    PidFile pids = new PidFile(options.dataDir());
    int leftovers = pids.stopLeftovers();
    if (leftovers > 0) {
      System.out.println("Stopped " + leftovers + " process(es) left over from an earlier run.");
    }
    if (options.fresh()) {
      deleteRecursively(options.dataDir());
      System.out.println("Wiped " + options.dataDir());
    }
    StackSettings settings =
        StackSettings.localDefaults(
            options.dataDir(), options.cluster() ? StackSettings.CLUSTER_BROKERS : 1);
    List<PlatformService> services =
        options.cluster()
            ? PlatformService.twoOfEach(PlatformService.all(), port -> port + 10)
            : PlatformService.all();
    requirePortsFree(settings, services);

    System.out.println(
        "Starting PostgreSQL, Kafka"
            + (options.cluster() ? " (3 brokers)" : "")
            + " and Keycloak (data in "
            + options.dataDir()
            + ") ...");
    Infrastructure infrastructure = Infrastructure.start(settings);
    // Until the services run; then one hook stops everything in order (supervisor, services,
    // servers).
    Thread stopInfrastructure = new Thread(infrastructure::close, "stop-infrastructure");
    Runtime.getRuntime().addShutdownHook(stopInfrastructure);
    long infraReady = System.nanoTime();
    System.out.printf("  ready in %.1f s%n", (infraReady - started) / 1e9);

    System.out.println(
        "Starting catalog-service, exchange-service, audit-service, gateway and console"
            + (options.cluster() ? " (two of each behind the gateway)" : "")
            + " ...");
    Platform platform =
        Platform.start(options.projectDir(), options.dataDir(), infrastructure, pids, services);
    Supervisor supervisor =
        platform.supervise(
            infrastructure, options.dataDir().resolve("logs").resolve("supervisor.log"), pids);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().removeShutdownHook(stopInfrastructure);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("\nStopping Hutong ...");
                  supervisor.close();
                  platform.close();
                  infrastructure.close();
                  stopped.countDown();
                },
                "stop-hutong"));
    Infrastructure.MonitoringClient monitoring = infrastructure.monitoringClient();
    Path scrapeConfig =
        ScrapeConfig.write(
            options.dataDir().resolve("prometheus"),
            services,
            monitoring.clientId(),
            monitoring.secretFile(),
            monitoring.tokenUri(),
            options.projectDir().resolve("deploy/observability/prometheus/hutong-alerts.yml"),
            15);
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.println(
        Banner.render(infrastructure, platform, seconds, options.dataDir(), scrapeConfig));
    stopped.await();
  }

  private static void requirePortsFree(StackSettings settings, List<PlatformService> services) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("PostgreSQL", settings.postgresPort());
    for (int i = 0; i < settings.kafkaPorts().size(); i++) {
      ports.put(
          "Kafka" + (settings.brokers() == 1 ? "" : " " + (i + 1)), settings.kafkaPorts().get(i));
    }
    ports.put("Keycloak", settings.keycloakPort());
    services.forEach(s -> ports.put(s.processName(), s.port()));
    List<String> busy = new ArrayList<>();
    ports.forEach(
        (name, port) -> {
          if (FreePorts.inUse(port)) {
            busy.add(name + " (" + port + ")");
          }
        });
    if (!busy.isEmpty()) {
      System.err.println("These ports are already in use: " + String.join(", ", busy));
      System.err.println("Stop whatever holds them (another ./hutong run?) and try again.");
      System.exit(1);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not wipe " + dir, e);
    }
  }

  /** Command-line options of the run command. */
  record Options(Path projectDir, Path dataDir, boolean fresh, boolean cluster) {

    static Options parse(String[] args) {
      Path projectDir = Path.of("").toAbsolutePath();
      Path dataDir = null;
      boolean fresh = false;
      boolean cluster = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--project-dir" -> projectDir = Path.of(args[++i]).toAbsolutePath();
          case "--data-dir" -> dataDir = Path.of(args[++i]).toAbsolutePath();
          case "--fresh" -> fresh = true;
          case "--cluster" -> cluster = true;
          default -> {
            System.err.println("unknown option " + args[i]);
            System.err.println("usage: ./hutong run [--cluster] [--fresh] [--data-dir DIR]");
            System.exit(2);
          }
        }
      }
      Path defaultDir = projectDir.resolve(cluster ? ".hutong-cluster" : ".hutong");
      return new Options(projectDir, dataDir == null ? defaultDir : dataDir, fresh, cluster);
    }
  }
}
