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
 * A KRaft Kafka node (combined broker and controller) running as its own JVM from the Apache Kafka
 * jars on this program's classpath: alone (the local stack's default, log directory {@code
 * <dataDir>/kafka}) or one of a cluster of three whose nodes all vote in the controller quorum
 * ({@code <dataDir>/kafka-<id>}). A node can be stopped and started again on the same port, which
 * failure tests use. Every client connection is authenticated and encrypted as {@link
 * KafkaSecurity} says, and authorized by the {@link KafkaAccess} table, which {@link #startAll}
 * applies.
 */
public final class KafkaBroker implements Supervised, AutoCloseable {

  /** A node's id and ports, as every node of the cluster knows them. */
  record Node(int id, int port, int controllerPort) {

    String voter() {
      return id + "@localhost:" + controllerPort;
    }
  }

  private final Path dataDir;
  private final Node node;
  private final List<Node> cluster;
  private final KafkaSecurity security;
  private volatile ChildProcess process;

  private KafkaBroker(Path dataDir, Node node, List<Node> cluster, KafkaSecurity security) {
    this.dataDir = dataDir;
    this.node = node;
    this.cluster = List.copyOf(cluster);
    this.security = security;
  }

  /**
   * Formats the log directories of one node per port in {@code ports} if new (one cluster id for
   * all), bootstrapping the broker's and the operator's SCRAM credentials; does not start them
   * (their token validator needs Keycloak's keys first).
   */
  public static List<KafkaBroker> format(
      Path dataDir, List<Integer> ports, KafkaSecurity security) {
    List<Node> cluster = new java.util.ArrayList<>();
    for (int i = 0; i < ports.size(); i++) {
      cluster.add(new Node(i + 1, ports.get(i), FreePorts.next()));
    }
    String clusterId = Uuid.randomUuid().toString();
    List<KafkaBroker> brokers =
        cluster.stream()
            .map(
                node ->
                    new KafkaBroker(
                        dataDir.resolve(cluster.size() == 1 ? "kafka" : "kafka-" + node.id()),
                        node,
                        cluster,
                        security))
            .toList();
    brokers.parallelStream().forEach(broker -> broker.format(clusterId));
    return brokers;
  }

  /**
   * Starts the formatted nodes together (a quorum needs a majority of them) — Keycloak must already
   * serve its keys, which the brokers' OAUTHBEARER validator fetches at start — waits until every
   * broker has registered with the cluster, and creates the platform's ACLs.
   */
  public static void startAll(List<KafkaBroker> brokers) {
    KafkaBroker first = brokers.getFirst();
    first.security.writeOperatorConfig(first.bootstrapServers());
    brokers.forEach(KafkaBroker::launch);
    brokers.parallelStream().forEach(KafkaBroker::awaitServing);
    Wait.until(
        brokers.size() + " Kafka brokers registered",
        Duration.ofSeconds(90),
        Duration.ofMillis(250),
        () -> first.registeredBrokers() == brokers.size(),
        () -> brokers.forEach(b -> b.process.requireAlive()));
    try (Admin operator = Admin.create(first.operatorClient())) {
      KafkaAccess.apply(operator);
    }
  }

  /** Every node of the cluster, as clients bootstrap from them. */
  public String bootstrapServers() {
    return String.join(",", cluster.stream().map(n -> "localhost:" + n.port()).toList());
  }

  /** This node's id in the cluster (1 for the single broker). */
  public int nodeId() {
    return node.id();
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

  /** This node's client port. */
  public int port() {
    return node.port();
  }

  @Override
  public String name() {
    return cluster.size() == 1 ? "kafka" : "kafka-" + node.id();
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
    launch();
    awaitServing();
  }

  private void format(String clusterId) {
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
            List.of("format", "-t", clusterId, "-c", config().toString(), "--ignore-formatted"));
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

  private synchronized void launch() {
    writeConfig();
    process =
        ChildProcess.start(
            name(),
            JavaCommand.withCurrentClasspath(
                jvmArgs(), "kafka.Kafka", List.of(config().toString())),
            Map.of(),
            dataDir,
            dataDir.getParent().resolve("logs").resolve(name() + ".log"));
  }

  private void awaitServing() {
    ChildProcess started = process;
    Wait.until(
        "Kafka on port " + node.port(),
        Duration.ofSeconds(90),
        Duration.ofMillis(250),
        () -> registeredBrokers("localhost:" + node.port()) > 0,
        started::requireAlive);
  }

  private int registeredBrokers() {
    return registeredBrokers(bootstrapServers());
  }

  /** Brokers the cluster reports through {@code bootstrap}, 0 while it cannot answer. */
  private int registeredBrokers(String bootstrap) {
    Properties props = new Properties();
    props.putAll(security.operatorClient(bootstrap));
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
    try (Admin admin = Admin.create(props)) {
      return admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).size();
    } catch (Exception e) {
      return 0;
    }
  }

  private Path config() {
    return dataDir.resolve("server.properties");
  }

  private void writeConfig() {
    String logs = dataDir.resolve("logs").toAbsolutePath().toString();
    List<String> lines = new java.util.ArrayList<>();
    lines.add("process.roles=broker,controller");
    lines.add("node.id=" + node.id());
    lines.add(
        "controller.quorum.voters=" + String.join(",", cluster.stream().map(Node::voter).toList()));
    lines.addAll(security.brokerSettings(node.port(), node.controllerPort()));
    if (cluster.size() > 1) {
      // A SIGKILLed broker is fenced, and its partitions led elsewhere, within three seconds.
      lines.add("broker.session.timeout.ms=3000");
      lines.add("broker.heartbeat.interval.ms=500");
    }
    String properties =
        String.join(
                "\n",
                String.join("\n", lines),
                "log.dirs=" + logs,
                // Topics are created by their owners, with the settings they need (compaction ...).
                "auto.create.topics.enable=false",
                "num.partitions=1",
                String.join("\n", new Replication(cluster.size()).brokerSettings()),
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
