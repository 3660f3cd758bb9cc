package io.hutong.deploy.server;

import io.hutong.deploy.process.ChildProcess;
import io.hutong.deploy.process.FreePorts;
import io.hutong.deploy.process.JavaCommand;
import io.hutong.deploy.process.Supervised;
import io.hutong.deploy.process.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker (combined broker and controller) running as its own JVM from the
 * Apache Kafka jars on this program's classpath. Its log directory stays in {@code
 * <dataDir>/kafka}; it can be stopped and started again on the same port, which failure tests use.
 * Every client connection is authenticated and encrypted as {@link KafkaSecurity} says, and
 * authorized by the {@link KafkaAccess} table, which {@link #start} applies.
 */
public final class KafkaBroker implements Supervised, AutoCloseable {

  private final Path dataDir;
  private final int port;
  private final int controllerPort;
  private final KafkaSecurity security;
  private volatile ChildProcess process;

  private KafkaBroker(Path dataDir, int port, int controllerPort, KafkaSecurity security) {
    this.dataDir = dataDir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.security = security;
  }

  /**
   * Formats the log directory if new, bootstrapping the broker's and the operator's SCRAM
   * credentials; does not start the broker (its token validator needs Keycloak's keys first).
   */
  public static KafkaBroker format(Path dataDir, int port, KafkaSecurity security) {
    KafkaBroker broker =
        new KafkaBroker(dataDir.resolve("kafka"), port, FreePorts.next(), security);
    broker.format();
    return broker;
  }

  /**
   * Starts the formatted broker — Keycloak must already serve its keys, which the broker's
   * OAUTHBEARER validator fetches at start — waits until it serves metadata to the operator, and
   * creates the platform's ACLs.
   */
  public KafkaBroker start() {
    security.writeOperatorConfig(bootstrapServers());
    startProcess();
    try (Admin operator = Admin.create(operatorClient())) {
      KafkaAccess.apply(operator);
    }
    return this;
  }

  public String bootstrapServers() {
    return "localhost:" + port;
  }

  public KafkaSecurity security() {
    return security;
  }

  /** Client properties (bootstrap, TLS, SCRAM) of the operator, the super user tools use. */
  public Map<String, Object> operatorClient() {
    return security.operatorClient(bootstrapServers());
  }

  /** Client properties (bootstrap, TLS, OAUTHBEARER) of a platform service's principal. */
  public Map<String, Object> serviceClient(KafkaAccess.Service service) {
    return security.serviceClient(bootstrapServers(), service);
  }

  public int port() {
    return port;
  }

  @Override
  public String name() {
    return "kafka";
  }

  /** The broker's process; null after {@link #stop()}. */
  @Override
  public ChildProcess process() {
    return process;
  }

  /** Stops the broker process gracefully (controlled shutdown), keeping its data. */
  public synchronized void stop() {
    if (process != null) {
      process.stop(Duration.ofSeconds(30));
      process = null;
    }
  }

  /** Starts the broker again (after {@link #stop()} or a crash), on the same port and data. */
  @Override
  public synchronized void restart() {
    stop();
    startProcess();
  }

  private void format() {
    Path logs = dataDir.resolve("logs");
    Path secured = dataDir.resolve("credentials-bootstrapped");
    if (Files.exists(logs.resolve("meta.properties"))) {
      if (!Files.exists(secured)) {
        throw new IllegalStateException(
            dataDir
                + " was formatted before Kafka required authentication: it holds no credentials"
                + " for the broker or the operator. Start from a fresh data directory"
                + " (./hutong run --fresh wipes the local stack's data).");
      }
      return;
    }
    writeConfig();
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "format",
                "-t",
                Uuid.randomUuid().toString(),
                "-c",
                config().toString(),
                "--ignore-formatted"));
    args.addAll(security.formatArguments());
    ChildProcess.runToCompletion(
        "kafka-storage-format",
        JavaCommand.withCurrentClasspath(jvmArgs(), "kafka.tools.StorageTool", args),
        Map.of(),
        dataDir,
        dataDir.resolve("kafka-format.log"),
        Duration.ofSeconds(60));
    try {
      Files.writeString(secured, "SCRAM-SHA-512 users bootstrapped at format\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized void startProcess() {
    writeConfig();
    process =
        ChildProcess.start(
            "kafka",
            JavaCommand.withCurrentClasspath(
                jvmArgs(), "kafka.Kafka", List.of(config().toString())),
            Map.of(),
            dataDir,
            dataDir.getParent().resolve("logs").resolve("kafka.log"));
    ChildProcess started = process;
    Wait.until(
        "Kafka on port " + port,
        Duration.ofSeconds(90),
        Duration.ofMillis(250),
        this::servesMetadata,
        started::requireAlive);
  }

  private boolean servesMetadata() {
    Properties props = new Properties();
    props.putAll(operatorClient());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
    try (Admin admin = Admin.create(props)) {
      return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  private Path config() {
    return dataDir.resolve("server.properties");
  }

  private void writeConfig() {
    String logs = dataDir.resolve("logs").toAbsolutePath().toString();
    List<String> lines = new java.util.ArrayList<>();
    lines.add("process.roles=broker,controller");
    lines.add("node.id=1");
    lines.add("controller.quorum.voters=1@localhost:" + controllerPort);
    lines.addAll(security.brokerSettings(port, controllerPort));
    String properties =
        String.join(
                "\n",
                String.join("\n", lines),
                "log.dirs=" + logs,
                // Topics are created by their owners, with the settings they need (compaction ...).
                "auto.create.topics.enable=false",
                "num.partitions=1",
                String.join("\n", Replication.SINGLE_BROKER.brokerSettings()),
                "offsets.topic.num.partitions=10",
                "transaction.state.log.num.partitions=10",
                "group.initial.rebalance.delay.ms=0",
                "log.cleaner.backoff.ms=1000",
                // Abandoned transactions (a SIGKILLed producer) are aborted within a second, not
                // ten.
                "transaction.abort.timed.out.transaction.cleanup.interval.ms=1000",
                "")
            .replace("\\", "\\\\");
    try {
      Files.createDirectories(dataDir);
      // server.properties holds the broker's passwords: owner-only, like the secrets themselves.
      Files.setPosixFilePermissions(
          dataDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      Files.writeString(config(), properties);
      Files.writeString(dataDir.resolve("log4j2.properties"), LOG4J2);
      Files.writeString(dataDir.resolve("logback.xml"), LOGBACK);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The broker logs through whichever SLF4J binding the classpath has: configure both. */
  private List<String> jvmArgs() {
    return List.of(
        "-Xms256m",
        "-Xmx512m",
        // As Kafka's own kafka-run-class.sh starts it: short pauses keep produce/commit tails low.
        "-XX:+UseG1GC",
        "-XX:MaxGCPauseMillis=20",
        "-XX:InitiatingHeapOccupancyPercent=35",
        "-XX:+ExplicitGCInvokesConcurrent",
        "-D" + KafkaSecurity.ALLOWED_URLS_PROPERTY + "=" + security.allowedUrls(),
        "-Dlog4j2.configurationFile=" + dataDir.resolve("log4j2.properties"),
        "-Dlogback.configurationFile=" + dataDir.resolve("logback.xml"),
        "-Dkafka.logs.dir=" + dataDir.resolve("app-logs"));
  }

  private static final String LOG4J2 =
      """
      status = warn
      appender.console.type = Console
      appender.console.name = STDOUT
      appender.console.layout.type = PatternLayout
      appender.console.layout.pattern = %d{ISO8601} %-5p [%c{1}] %m%n
      rootLogger.level = info
      rootLogger.appenderRef.stdout.ref = STDOUT
      logger.kafka.name = kafka
      logger.kafka.level = warn
      logger.apache.name = org.apache.kafka
      logger.apache.level = warn
      logger.server.name = kafka.server.KafkaRaftServer
      logger.server.level = info
      """;

  private static final String LOGBACK =
      """
      <configuration>
        <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
          <encoder><pattern>%d{ISO8601} %-5level [%logger{0}] %msg%n</pattern></encoder>
        </appender>
        <logger name="kafka" level="WARN"/>
        <logger name="org.apache.kafka" level="WARN"/>
        <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
        <root level="INFO"><appender-ref ref="STDOUT"/></root>
      </configuration>
      """;

  @Override
  public void close() {
    stop();
  }
}
