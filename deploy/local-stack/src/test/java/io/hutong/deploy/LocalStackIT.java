package io.hutong.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.server.Infrastructure;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.ServiceDatabase;
import io.hutong.deploy.server.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
    String url = stack.postgres().jdbcUrl();
    ServiceDatabase catalog = ServiceDatabase.CATALOG;
    try (Connection c = DriverManager.getConnection(url, catalog.username(), catalog.password());
        Statement s = c.createStatement()) {
      s.execute("create schema if not exists catalog");
      s.execute("create table if not exists catalog.probe (id int)");
      s.execute("insert into catalog.probe values (1)");
    }
    ServiceDatabase audit = ServiceDatabase.AUDIT;
    try (Connection c = DriverManager.getConnection(url, audit.username(), audit.password());
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
    props.put("bootstrap.servers", stack.kafka().bootstrapServers());
    return props;
  }

  private static String payload(String jwt) {
    return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
  }
}
