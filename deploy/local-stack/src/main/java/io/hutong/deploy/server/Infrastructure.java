package io.hutong.deploy.server;

import io.hutong.deploy.process.PidFile;
import io.hutong.deploy.process.Supervised;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The three real servers Hutong needs — PostgreSQL, Kafka (one broker, or a cluster of three),
 * Keycloak — started in parallel (the Kafka brokers once Keycloak serves the keys they check tokens
 * with). The run command and the integration-test extension both start them through this class, so
 * tests run against exactly what developers run.
 */
public final class Infrastructure implements AutoCloseable {

  /**
   * The web console's Keycloak client ({@code hutong-console}) secret, generated per installation.
   */
  static final String CONSOLE_SECRET = "keycloak.client.hutong-console";

  /** The realm JSON's placeholder for that secret. */
  static final String CONSOLE_SECRET_VARIABLE = "HUTONG_CONSOLE_CLIENT_SECRET";

  /**
   * The Keycloak client Prometheus scrapes with ({@code hutong-monitoring}, role {@code
   * metrics-reader} only); its secret is generated per installation.
   */
  static final String MONITORING_CLIENT = "hutong-monitoring";

  static final String MONITORING_SECRET = "keycloak.client.hutong-monitoring";

  /** The realm JSON's placeholder for that secret. */
  static final String MONITORING_SECRET_VARIABLE = "HUTONG_MONITORING_CLIENT_SECRET";

  /** Where the console's sign-ins may return: the gateway's origin, fixed before import. */
  static final String CONSOLE_REDIRECT_VARIABLE = "HUTONG_CONSOLE_REDIRECT_URI";

  private final PostgresServer postgres;
  private final List<KafkaBroker> kafka;
  private final KeycloakServer keycloak;
  private final InstallationSecrets secrets;
  private final StackSettings settings;

  private Infrastructure(
      PostgresServer postgres,
      List<KafkaBroker> kafka,
      KeycloakServer keycloak,
      InstallationSecrets secrets,
      StackSettings settings) {
    this.settings = settings;
    this.postgres = postgres;
    this.kafka = kafka;
    this.keycloak = keycloak;
    this.secrets = secrets;
  }

  /** Starts all three; if one fails, the others are stopped and the failure is thrown. */
  public static Infrastructure start(StackSettings settings) {
    PidFile pids = new PidFile(settings.dataDir());
    pids.stopLeftovers();
    InstallationSecrets secrets = InstallationSecrets.in(settings.dataDir());
    KafkaSecurity kafkaSecurity =
        new KafkaSecurity(
            LocalCa.in(settings.dataDir(), secrets),
            secrets,
            KeycloakServer.issuer(settings.keycloakPort()));
    Map<String, String> realmVariables = new LinkedHashMap<>();
    for (KafkaAccess.Service service : KafkaAccess.Service.values()) {
      realmVariables.put(service.secretVariable(), kafkaSecurity.clientSecret(service));
    }
    realmVariables.put(CONSOLE_SECRET_VARIABLE, secrets.password(CONSOLE_SECRET));
    realmVariables.put(MONITORING_SECRET_VARIABLE, secrets.password(MONITORING_SECRET));
    realmVariables.put(
        CONSOLE_REDIRECT_VARIABLE, "http://localhost:" + settings.gatewayPort() + "/console/*");
    CompletableFuture<PostgresServer> postgres =
        CompletableFuture.supplyAsync(
            () -> {
              PostgresServer server =
                  PostgresServer.start(
                      settings.dataDir(), settings.postgresPort(), settings.durability(), secrets);
              pids.record("postgresql", server.process().handle());
              return server;
            });
    CompletableFuture<List<KafkaBroker>> formatted =
        CompletableFuture.supplyAsync(
            () -> KafkaBroker.format(settings.dataDir(), settings.kafkaPorts(), kafkaSecurity));
    CompletableFuture<KeycloakServer> keycloak =
        CompletableFuture.supplyAsync(
            () -> {
              KeycloakServer server =
                  KeycloakServer.start(
                      settings.dataDir(),
                      settings.keycloakPort(),
                      keycloakVersion(),
                      secrets,
                      realmVariables);
              pids.record("keycloak", server.process().handle());
              return server;
            });
    // The broker validates service tokens against Keycloak's keys, which it fetches at start.
    CompletableFuture<List<KafkaBroker>> kafka =
        formatted.thenCombineAsync(
            keycloak,
            (brokers, identity) -> {
              try {
                KafkaBroker.startAll(brokers);
              } finally {
                brokers.stream()
                    .filter(b -> b.process() != null)
                    .forEach(b -> pids.record(b.name(), b.process().handle()));
              }
              return brokers;
            });
    try {
      CompletableFuture.allOf(postgres, kafka, keycloak).join();
      return new Infrastructure(postgres.join(), kafka.join(), keycloak.join(), secrets, settings);
    } catch (CompletionException e) {
      List<AutoCloseable> started = new ArrayList<>();
      for (CompletableFuture<?> server : List.of(postgres, keycloak)) {
        if (!server.isCompletedExceptionally()) {
          started.add((AutoCloseable) server.join());
        }
      }
      if (!formatted.isCompletedExceptionally()) {
        started.addAll(formatted.join());
      }
      started.forEach(Infrastructure::closeQuietly);
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  public PostgresServer postgres() {
    return postgres;
  }

  /**
   * The first Kafka broker; what clients need of the cluster ({@link
   * KafkaBroker#bootstrapServers()}, credentials) is the same on every node.
   */
  public KafkaBroker kafka() {
    return kafka.getFirst();
  }

  /** Every Kafka broker: one, or the cluster's three (failure tests stop one). */
  public List<KafkaBroker> kafkaBrokers() {
    return kafka;
  }

  public KeycloakServer keycloak() {
    return keycloak;
  }

  /**
   * The port the platform's gateway listens on for this stack — the origin the console's Keycloak
   * client accepts sign-ins back to.
   */
  public int gatewayPort() {
    return settings.gatewayPort();
  }

  /** This installation's generated secrets (passwords, keys), under {@code <dataDir>/secrets}. */
  public InstallationSecrets secrets() {
    return secrets;
  }

  /** The three servers, for a {@link io.hutong.deploy.process.Supervisor} to keep running. */
  public List<Supervised> supervised() {
    List<Supervised> servers = new ArrayList<>(List.of(postgres, keycloak));
    servers.addAll(kafka);
    return servers;
  }

  /**
   * The Spring Boot properties that point a service at these servers, with the service's own
   * database login and, for the audit service, its signing key — all from this installation's
   * generated secrets.
   */
  public Map<String, String> springProperties(ServiceDatabase database) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("spring.datasource.url", postgres.jdbcUrl());
    if (database.equals(ServiceDatabase.AUDIT)) {
      // The schema owner runs migrations; the service writes with a role that cannot rewrite
      // history.
      ServiceDatabase writer = ServiceDatabase.AUDIT_WRITER;
      ServiceDatabase retention = ServiceDatabase.AUDIT_RETENTION;
      properties.put("spring.flyway.user", database.username());
      properties.put("spring.flyway.password", database.password(secrets));
      properties.put("spring.datasource.username", writer.username());
      properties.put("spring.datasource.password", writer.password(secrets));
      properties.put("hutong.audit.retention.username", retention.username());
      properties.put("hutong.audit.retention.password", retention.password(secrets));
      InstallationSecrets.SigningKey key = secrets.signingKey("audit-signing-key");
      properties.put("hutong.audit.signing.private-key", key.privateKeyPkcs8());
      properties.put("hutong.audit.signing.public-key", key.publicKeyRaw());
    } else {
      properties.put("spring.datasource.username", database.username());
      properties.put("spring.datasource.password", database.password(secrets));
    }
    properties.putAll(
        messagingAndIdentityProperties(KafkaAccess.Service.forProcess(database.service())));
    return properties;
  }

  /**
   * Kafka and Keycloak settings alone: the broker, and the Kafka principal of {@code service} (its
   * own OAUTHBEARER login over TLS).
   */
  public Map<String, String> messagingAndIdentityProperties(KafkaAccess.Service service) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("spring.kafka.bootstrap-servers", kafka().bootstrapServers());
    kafka().security().allowInThisJvm();
    properties.putAll(kafka().security().springProperties(service));
    properties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", keycloak.issuer());
    properties.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", keycloak.jwkSetUri());
    return properties;
  }

  /**
   * The web console's settings: its Keycloak login (issuer and its client's generated secret) and
   * where its metrics endpoint checks the scraper's token. The console has no database and no
   * Kafka; where it calls the API is the platform's to say.
   */
  public Map<String, String> consoleProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("spring.security.oauth2.client.provider.keycloak.issuer-uri", keycloak.issuer());
    // The metrics endpoint checks the scraper's token against the same Keycloak.
    properties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", keycloak.issuer());
    properties.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", keycloak.jwkSetUri());
    properties.put(
        "spring.security.oauth2.client.registration.keycloak.client-secret",
        secrets.password(CONSOLE_SECRET));
    return properties;
  }

  /**
   * How Prometheus logs in to scrape the metrics: client {@code hutong-monitoring} with this
   * installation's secret (client credentials at {@link KeycloakServer#tokenUri()}).
   */
  public MonitoringClient monitoringClient() {
    return new MonitoringClient(
        MONITORING_CLIENT,
        secrets.password(MONITORING_SECRET),
        secrets.dir().resolve(MONITORING_SECRET),
        keycloak.tokenUri());
  }

  /**
   * The monitoring client's credentials.
   *
   * @param clientId the Keycloak client ({@code hutong-monitoring})
   * @param secret its generated secret
   * @param secretFile the owner-only file holding the secret (for Prometheus's {@code
   *     client_secret_file}, which ignores the trailing newline)
   * @param tokenUri where it gets its tokens
   */
  public record MonitoringClient(
      String clientId, String secret, java.nio.file.Path secretFile, String tokenUri) {

    @Override
    public String toString() {
      return "MonitoringClient[" + clientId + ", secret in " + secretFile + "]";
    }
  }

  static String keycloakVersion() {
    try (InputStream in = Infrastructure.class.getResourceAsStream("/hutong-stack.properties")) {
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("keycloak.version");
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("hutong-stack.properties missing from the classpath", e);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      System.err.println("while stopping after a failed start: " + e);
    }
  }

  /** Stops Keycloak, Kafka and PostgreSQL. */
  @Override
  public void close() {
    List<RuntimeException> failures = new ArrayList<>();
    List<AutoCloseable> servers = new ArrayList<>(List.of(keycloak));
    // One at a time: the last two of a cluster stopping together would wait on a lost quorum.
    servers.addAll(kafka.reversed());
    servers.add(postgres);
    for (AutoCloseable server : servers) {
      try {
        server.close();
      } catch (Exception e) {
        failures.add(
            e instanceof RuntimeException r ? r : new UncheckedIOException(new IOException(e)));
      }
    }
    if (!failures.isEmpty()) {
      throw failures.getFirst();
    }
  }
}
