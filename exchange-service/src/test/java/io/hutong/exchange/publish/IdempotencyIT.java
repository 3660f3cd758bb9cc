package io.hutong.exchange.publish;

import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.exchange.ExchangeITBase;
import io.hutong.schemas.catalog.DatasetStatus;
import io.hutong.schemas.data.DataTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Idempotency-Key: a retry returns the first answer and writes nothing new, whatever happened in
 * between.
 */
class IdempotencyIT extends ExchangeITBase {

  private Response publish(String code, String key, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://localhost:" + port + "/api/exchange/v1/datasets/" + code + "/records"))
            .header("Authorization", "Bearer " + tokens.accessToken(CIVIL_AFFAIRS_SYSTEM))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> r =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    return new Response(
        r.statusCode(),
        r.body(),
        r.body().isEmpty() ? JSON.missingNode() : JSON.readTree(r.body()));
  }

  static String batch(String... certificates) {
    StringBuilder b = new StringBuilder("{\"records\":[");
    for (int i = 0; i < certificates.length; i++) {
      b.append(i == 0 ? "" : ",")
          .append("{\"key\":\"")
          .append(certificates[i])
          .append("\",\"value\":{\"certificateNo\":\"")
          .append(certificates[i])
          .append("\",\"husbandName\":\"a\",\"wifeName\":\"b\"}}");
    }
    return b.append("]}").toString();
  }

  @Test
  void aRetryWithTheSameKeyReturnsTheFirstAnswerAndWritesNothing() throws Exception {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    String key = UUID.randomUUID().toString();

    Response first = publish(code, key, batch("A", "B"));
    Response retry = publish(code, key, batch("A", "B"));

    assertThat(first.status()).isEqualTo(200);
    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.body().path("results")).isEqualTo(first.body().path("results"));
    assertThat(PublishIT.read(DataTopics.forDataset(code), 3)).hasSize(2);
  }

  @Test
  void theSameKeyForAnotherBodyIs422AndAFreshClaimIs409() throws Exception {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    String key = UUID.randomUUID().toString();
    assertThat(publish(code, key, batch("A")).status()).isEqualTo(200);

    Response other = publish(code, key, batch("B"));
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.body().path("type").asString())
        .isEqualTo("urn:hutong:problem:idempotency-key-reused");

    String busy = UUID.randomUUID().toString();
    sql(
        "insert into exchange.idempotency_key (client, idem_key, dataset, request_hash, attempt, status, start_cursor, claimed_at)"
            + " values ('civil-affairs-system', '"
            + busy
            + "', '"
            + code
            + "', sha256(convert_to('"
            + code
            + "' || chr(10) || '"
            + JSON.readTree(batch("C")).toString().replace("'", "''")
            + "', 'UTF8')), gen_random_uuid(), 'IN_FLIGHT', '0:0', now())");
    assertThat(publish(code, busy, batch("C")).status()).isEqualTo(409);
  }

  @Test
  void aClaimLeftByADeadInstanceIsResolvedFromKafka() throws Exception {
    String code = datasetAnnounced(DatasetStatus.ACTIVE);
    // 1. Kafka committed, the answer was never stored: the retry finds the records and answers with
    // them.
    String committed = UUID.randomUUID().toString();
    Response first = publish(code, committed, batch("A", "B"));
    sql(
        "update exchange.idempotency_key set status = 'IN_FLIGHT', response = null, claimed_at = now() - interval '1 hour'"
            + " where idem_key = '"
            + committed
            + "'");
    Response recovered = publish(code, committed, batch("A", "B"));
    assertThat(recovered.status()).isEqualTo(200);
    assertThat(recovered.body().path("results")).isEqualTo(first.body().path("results"));
    assertThat(PublishIT.read(DataTopics.forDataset(code), 3)).hasSize(2);

    // 2. Nothing reached Kafka before the owner died: the retry takes over and publishes once.
    String abandoned = UUID.randomUUID().toString();
    String body = batch("C");
    sql(
        "insert into exchange.idempotency_key (client, idem_key, dataset, request_hash, attempt, status, start_cursor, claimed_at)"
            + " values ('civil-affairs-system', '"
            + abandoned
            + "', '"
            + code
            + "', sha256(convert_to('"
            + code
            + "' || chr(10) || '"
            + JSON.readTree(body).toString().replace("'", "''")
            + "', 'UTF8')), gen_random_uuid(), 'IN_FLIGHT', '"
            + positions(code)
            + "', now() - interval '1 hour')");
    Response taken = publish(code, abandoned, body);
    assertThat(taken.status()).as(taken.text()).isEqualTo(200);
    assertThat(PublishIT.read(DataTopics.forDataset(code), 4)).hasSize(3);
  }

  private String positions(String code) throws Exception {
    var props = new java.util.Properties();
    props.putAll(HutongStack.infrastructure().kafka().operatorClient());
    try (var admin = org.apache.kafka.clients.admin.Admin.create(props)) {
      String topic = DataTopics.forDataset(code);
      var description =
          admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic);
      var query =
          new java.util.HashMap<
              org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>();
      description
          .partitions()
          .forEach(
              p ->
                  query.put(
                      new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                      org.apache.kafka.clients.admin.OffsetSpec.latest()));
      StringBuilder out = new StringBuilder();
      admin
          .listOffsets(query)
          .all()
          .get()
          .forEach(
              (tp, info) ->
                  out.append(out.isEmpty() ? "" : ",")
                      .append(tp.partition())
                      .append(':')
                      .append(info.offset()));
      return out.toString();
    }
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = HutongStack.infrastructure().postgres().superuserConnection();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
