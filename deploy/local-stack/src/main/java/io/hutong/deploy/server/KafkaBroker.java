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
 */
public final class KafkaBroker implements Supervised, AutoCloseable {

  private final Path dataDir;
  private final int port;
  private final int controllerPort;
  private volatile ChildProcess process;

  private KafkaBroker(Path dataDir, int port, int controllerPort) {
    this.dataDir = dataDir;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /** Formats the log directory if new, starts the broker and waits until it serves metadata. */
  public static KafkaBroker start(Path dataDir, int port) {
    KafkaBroker broker = new KafkaBroker(dataDir.resolve("kafka"), port, FreePorts.next());
    broker.format();
    broker.startProcess();
    return broker;
  }

  public String bootstrapServers() {
    return "localhost:" + port;
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
    if (Files.exists(logs.resolve("meta.properties"))) {
      return;
    }
    writeConfig();
    ChildProcess.runToCompletion(
        "kafka-storage-format",
        JavaCommand.withCurrentClasspath(
            jvmArgs(),
            "kafka.tools.StorageTool",
            List.of(
                "format",
                "-t",
                Uuid.randomUuid().toString(),
                "-c",
                config().toString(),
                "--ignore-formatted")),
        Map.of(),
        dataDir,
        dataDir.resolve("kafka-format.log"),
        Duration.ofSeconds(60));
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
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
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
    String properties =
        String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@localhost:" + controllerPort,
                "listeners=PLAINTEXT://localhost:"
                    + port
                    + ",CONTROLLER://localhost:"
                    + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logs,
                // Topics are created by their owners, with the settings they need (compaction ...).
                "auto.create.topics.enable=false",
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=10",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.cleaner.backoff.ms=1000",
                // Abandoned transactions (a SIGKILLed producer) are aborted within a second, not
                // ten.
                "transaction.abort.timed.out.transaction.cleanup.interval.ms=1000",
                "")
            .replace("\\", "\\\\");
    try {
      Files.createDirectories(dataDir);
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
