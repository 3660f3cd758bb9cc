package io.hutong.exchange.lookup;

import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.server.ServiceDatabase;
import io.hutong.exchange.ExchangeApplication;
import io.hutong.exchange.ExchangeITBase;
import io.hutong.schemas.catalog.DatasetStatus;
import io.hutong.schemas.data.DataTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two exchange instances on the same Kafka and PostgreSQL: they share the materialisation of the
 * data topics as one consumer group, and either answers a lookup of any key — also of keys whose
 * partitions the other instance applied.
 */
class TwoInstancesIT extends ExchangeITBase {

  private static ConfigurableApplicationContext second;

  @AfterAll
  static void stopSecond() {
    if (second != null) {
      second.close();
    }
  }

  @Test
  void eitherInstanceAnswersEveryKeyWhileBothShareTheIngest() throws Exception {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    grantAnnounced(
        code, "public-security", List.of("certificateNo", "husbandName"), List.of(), null, null);
    // As arguments: they override application.yml, as the stack's environment does for a process.
    List<String> arguments = new ArrayList<>();
    HutongStack.infrastructure()
        .springProperties(ServiceDatabase.EXCHANGE)
        .forEach((key, value) -> arguments.add("--" + key + "=" + value));
    arguments.add("--server.port=0");
    second =
        new SpringApplicationBuilder(ExchangeApplication.class)
            .run(arguments.toArray(String[]::new));
    int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
    awaitGroupMembers(2);

    List<String> records = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String key = "TWO-" + i;
      keys.add(key);
      records.add(LookupIT.record(key, "夫" + i, "妻" + i, null));
    }
    Response published =
        send(
            CIVIL_AFFAIRS_SYSTEM,
            "POST",
            "/api/exchange/v1/datasets/" + code + "/records",
            "{\"records\":[" + String.join(",", records) + "]}");
    assertThat(published.status()).as(published.text()).isEqualTo(200);

    String body = JSON.writeValueAsString(Map.of("keys", keys));
    for (int instancePort : new int[] {port, secondPort}) {
      Instant deadline = Instant.now().plusSeconds(30);
      Response answer;
      do {
        answer =
            sendTo(
                instancePort,
                PUBLIC_SECURITY_SYSTEM,
                "POST",
                "/api/exchange/v1/datasets/" + code + "/lookups",
                body);
      } while (answer.body().path("items").size() < 40 && Instant.now().isBefore(deadline));
      assertThat(answer.body().path("items")).as("instance on port " + instancePort).hasSize(40);
      assertThat(answer.body().path("missing")).isEmpty();
    }
  }

  private static void awaitGroupMembers(int expected) throws Exception {
    Properties props = new Properties();
    props.putAll(HutongStack.infrastructure().kafka().operatorClient());
    try (Admin admin = Admin.create(props)) {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      int members = 0;
      while (Instant.now().isBefore(deadline)) {
        members =
            admin
                .describeConsumerGroups(List.of(DataTopics.LOOKUP_GROUP))
                .all()
                .get(10, TimeUnit.SECONDS)
                .get(DataTopics.LOOKUP_GROUP)
                .members()
                .size();
        if (members == expected) {
          return;
        }
        Thread.sleep(250);
      }
      throw new AssertionError(
          "the latest-state group has " + members + " members, not " + expected);
    }
  }
}
