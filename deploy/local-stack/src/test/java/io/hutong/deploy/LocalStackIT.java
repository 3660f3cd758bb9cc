package io.hutong.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.process.FreePorts;
import io.hutong.deploy.server.Durability;
import io.hutong.deploy.server.Infrastructure;
import io.hutong.deploy.server.InstallationSecrets;
import io.hutong.deploy.server.KeycloakServer;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.PostgresServer;
import io.hutong.deploy.server.ServiceDatabase;
import io.hutong.deploy.server.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(HutongStack.class)
class LocalStackIT {

  @Test
  void everyLocalIdentityGetsATokenWithItsDepartmentRoleAndAudience(Infrastructure stack) {
    Tokens tokens = new Tokens(stack.keycloak());
    for (LocalIdentity identity : LocalIdentity.all()) {
      String claims = payload(tokens.accessToken(identity));

      assertThat(claims)
          .as(identity.name())
          .contains("\"department\":\"" + identity.department() + "\"")
          .contains("\"" + identity.role() + "\"")
          .contains("\"hutong-api\"")
          .contains("\"iss\":\"" + stack.keycloak().issuer() + "\"");
    }
  }

  @Test
  void tokensFetchedThroughLocalhostAnd127001CarryTheSameIssuer(Infrastructure stack)
      throws Exception {
    String viaLoopbackAddress =
        tokenFrom(
            "http://127.0.0.1:" + stack.keycloak().port(), LocalIdentity.CIVIL_AFFAIRS_SYSTEM);
    String viaLocalhost = tokenFrom(stack.keycloak().url(), LocalIdentity.CIVIL_AFFAIRS_SYSTEM);

    assertThat(payload(viaLoopbackAddress))
        .contains("\"iss\":\"" + stack.keycloak().issuer() + "\"");
    assertThat(payload(viaLocalhost)).contains("\"iss\":\"" + stack.keycloak().issuer() + "\"");
  }

  @Test
  void theTestStacksPostgresRunsWithTheFastSettingsItOptedInto(Infrastructure stack)
      throws SQLException {
    assertThat(stack.postgres().durability()).isEqualTo(Durability.FAST);
    assertThat(settings(stack.postgres()))
        .containsEntry("fsync", "off")
        .containsEntry("synchronous_commit", "off")
        .containsEntry("full_page_writes", "off");
  }

  @Test
  void durablePostgresKeepsEveryCommitThroughASigkillOfAllItsProcesses(@TempDir Path dir)
      throws SQLException {
    try (PostgresServer durable =
        PostgresServer.start(
            dir, FreePorts.next(), Durability.DURABLE, InstallationSecrets.in(dir))) {
      assertThat(settings(durable))
          .containsEntry("fsync", "on")
          .containsEntry("synchronous_commit", "on")
          .containsEntry("full_page_writes", "on");
      try (Connection c = durable.superuserConnection();
          Statement s = c.createStatement()) {
        s.execute("create table kept (id int primary key)");
        s.execute("insert into kept select generate_series(1, 1000)");
      }
      long postmaster = durable.process().pid();
      List<ProcessHandle> backends = durable.process().handle().descendants().toList();

      durable.process().kill();
      assertThat(backends).isNotEmpty().noneMatch(ProcessHandle::isAlive);
      durable.restart();

      assertThat(durable.process().pid()).isNotEqualTo(postmaster);
      try (Connection c = durable.superuserConnection();
          Statement s = c.createStatement();
          ResultSet rows = s.executeQuery("select count(*) from kept")) {
        rows.next();
        assertThat(rows.getLong(1)).isEqualTo(1000);
      }
    }
  }

  @Test
  void everyRoleNeedsItsGeneratedPasswordAlsoOnADataDirectoryFromBeforeTheSecrets(@TempDir Path dir)
      throws Exception {
    InstallationSecrets secrets = InstallationSecrets.in(dir);
    int port = FreePorts.next();
    try (PostgresServer postgres = PostgresServer.start(dir, port, Durability.FAST, secrets);
        Connection c = postgres.superuserConnection();
        Statement s = c.createStatement()) {
      // What an installation made before the generated secrets looks like: any local client let
      // in, no superuser password, the committed role passwords.
      s.execute("alter role hutong_catalog password 'hutong_catalog-local-dev'");
      s.execute("alter role postgres password null");
      Files.writeString(
          dir.resolve("postgres").resolve("pg_hba.conf"),
          "local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n");
    }

    try (PostgresServer postgres = PostgresServer.start(dir, port, Durability.FAST, secrets)) {
      for (ServiceDatabase role :
          List.of(
              ServiceDatabase.CATALOG,
              ServiceDatabase.EXCHANGE,
              ServiceDatabase.AUDIT,
              ServiceDatabase.GATEWAY,
              ServiceDatabase.AUDIT_WRITER,
              ServiceDatabase.AUDIT_RETENTION)) {
        String verifier = storedPassword(postgres, role.username());
        assertThat(scramMatches(verifier, role.password(secrets))).as(role.username()).isTrue();
        assertThat(scramMatches(verifier, role.username() + "-local-dev"))
            .as(role.username())
            .isFalse();
      }
      assertThatThrownBy(
              () ->
                  DriverManager.getConnection(
                      postgres.jdbcUrl(), "hutong_catalog", "hutong_catalog-local-dev"))
          .hasMessageContaining("password authentication failed");
      assertThatThrownBy(
              () -> DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "postgres"))
          .hasMessageContaining("password authentication failed");
      try (Connection c = postgres.connectionAs(ServiceDatabase.CATALOG)) {
        assertThat(c.isValid(2)).isTrue();
      }
    }
    assertThat(Files.getPosixFilePermissions(secrets.dir()))
        .containsExactlyInAnyOrder(
            PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE);
  }

  @Test
  void wrongClientSecretIsRefusedByKeycloak(Infrastructure stack) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(stack.keycloak().tokenUri()))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "grant_type=client_credentials&client_id=civil-affairs-system"
                              + "&client_secret=not-the-secret"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.body()).doesNotContain("access_token");
    }
  }

  @Test
  void eachServiceRoleOwnsOnlyItsOwnSchema(Infrastructure stack) throws SQLException {
    ServiceDatabase catalog = ServiceDatabase.CATALOG;
    try (Connection c = stack.postgres().connectionAs(catalog);
        Statement s = c.createStatement()) {
      s.execute("create schema if not exists catalog");
      s.execute("create table if not exists catalog.probe (id int)");
      s.execute("insert into catalog.probe values (1)");
    }
    ServiceDatabase audit = ServiceDatabase.AUDIT;
    try (Connection c = stack.postgres().connectionAs(audit);
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("select * from catalog.probe"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
    }
  }

  @Test
  void kafkaKeepsRecordsAcrossABrokerRestart(Infrastructure stack) throws Exception {
    String topic = "hutong.test.restart";
    try (Admin admin = Admin.create(clientProps(stack))) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    Properties producerProps = clientProps(stack);
    producerProps.put("acks", "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", "before restart")).get(30, TimeUnit.SECONDS);
    }

    stack.kafka().restart();

    Properties consumerProps = clientProps(stack);
    consumerProps.put("group.id", "restart-check");
    consumerProps.put("auto.offset.reset", "earliest");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(Set.of(topic));
      ConsumerRecords<String, String> records = ConsumerRecords.empty();
      for (int i = 0; i < 30 && records.isEmpty(); i++) {
        records = consumer.poll(Duration.ofSeconds(1));
      }
      assertThat(records.iterator().next().value()).isEqualTo("before restart");
    }
  }

  private static Properties clientProps(Infrastructure stack) {
    Properties props = new Properties();
    props.putAll(stack.kafka().operatorClient());
    return props;
  }

  private static String storedPassword(PostgresServer postgres, String role) throws SQLException {
    try (Connection c = postgres.superuserConnection();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery("select rolpassword from pg_authid where rolname = '" + role + "'")) {
      assertThat(rows.next()).as(role).isTrue();
      return rows.getString(1);
    }
  }

  /**
   * Whether {@code password} matches a PostgreSQL SCRAM-SHA-256 verifier {@code
   * SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>} (RFC 5802).
   */
  private static boolean scramMatches(String verifier, String password) throws Exception {
    String[] parts = verifier.split("[$:]");
    assertThat(parts).as(verifier).hasSize(5).startsWith("SCRAM-SHA-256");
    byte[] salted =
        SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(
                new PBEKeySpec(
                    password.toCharArray(),
                    Base64.getDecoder().decode(parts[2]),
                    Integer.parseInt(parts[1]),
                    256))
            .getEncoded();
    Mac hmac = Mac.getInstance("HmacSHA256");
    hmac.init(new SecretKeySpec(salted, "HmacSHA256"));
    byte[] clientKey = hmac.doFinal("Client Key".getBytes(StandardCharsets.UTF_8));
    byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
    return MessageDigest.isEqual(storedKey, Base64.getDecoder().decode(parts[3]));
  }

  private static Map<String, String> settings(PostgresServer postgres) throws SQLException {
    Map<String, String> settings = new HashMap<>();
    try (Connection c = postgres.superuserConnection();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "select name, setting from pg_settings"
                    + " where name in ('fsync', 'synchronous_commit', 'full_page_writes')")) {
      while (rows.next()) {
        settings.put(rows.getString(1), rows.getString(2));
      }
    }
    return settings;
  }

  private static String tokenFrom(String keycloakBase, LocalIdentity identity) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(
                      URI.create(
                          keycloakBase
                              + "/realms/"
                              + KeycloakServer.REALM
                              + "/protocol/openid-connect/token"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(identity.tokenRequestBody()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      return response.body().replaceAll("(?s).*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }
  }

  private static String payload(String jwt) {
    return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
  }
}
