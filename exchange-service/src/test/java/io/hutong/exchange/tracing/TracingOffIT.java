package io.hutong.exchange.tracing;

import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.exchange.ExchangeITBase;
import io.hutong.schemas.catalog.DatasetStatus;
import io.hutong.schemas.data.DataTopics;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * With the settings the exchange ships with, tracing is off: nothing is sampled, and a caller's
 * {@code traceparent} goes no further than the request; no record gets a trace header.
 */
class TracingOffIT extends ExchangeITBase {

  @Autowired Sampler sampler;

  @Test
  void byDefaultNoSpanIsRecordedAndNoRecordCarriesATraceContext() {
    assertThat(sampler).isEqualTo(Sampler.alwaysOff());
    String code = datasetAnnounced(DatasetStatus.ACTIVE);

    Response published =
        TracingCalls.send(
            port,
            tokens.accessToken(CIVIL_AFFAIRS_SYSTEM),
            "POST",
            "/api/exchange/v1/datasets/" + code + "/records",
            "{\"records\":["
                + "{\"key\":\"O-1\",\"value\":{\"certificateNo\":\"O-1\",\"husbandName\":\"张三\","
                + "\"wifeName\":\"李四\",\"district\":null}}]}",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            null);
    assertThat(published.status()).as(published.text()).isEqualTo(200);

    List<ConsumerRecord<String, byte[]>> written =
        TracingCalls.read(DataTopics.forDataset(code), 1);
    assertThat(written).hasSize(1);
    assertThat(TracingCalls.traceparent(written.getFirst())).isNull();
  }
}
