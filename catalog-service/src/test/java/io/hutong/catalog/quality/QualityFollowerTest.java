package io.hutong.catalog.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.schemas.quality.QualityBucket;
import io.hutong.schemas.quality.QualityCount;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityFollowerTest {

  private static final Instant HOUR = Instant.parse("2027-01-01T10:00:00Z");

  @Test
  void unstorable_acceptsAWellFormedSnapshot() {
    assertThat(QualityFollower.unstorable(bucket("civil-affairs.persons", HOUR, count("RECORDS"))))
        .isNull();
  }

  @Test
  void unstorable_refusesWhatPostgresqlWouldRefuseForever() {
    assertThat(QualityFollower.unstorable(bucket("not a code", HOUR, count("RECORDS"))))
        .startsWith("dataset is no dataset code");
    assertThat(
            QualityFollower.unstorable(
                bucket("civil-affairs.persons", Instant.ofEpochMilli(Long.MAX_VALUE))))
        .contains("hour");
    assertThat(
            QualityFollower.unstorable(
                bucket("civil-affairs.persons", HOUR, new QualityCount("EMPTY", "na\0me", "", 1L))))
        .contains("NUL");
    assertThat(QualityFollower.unstorable(bucket("civil-affairs.persons", HOUR, count(""))))
        .contains("no measure");
  }

  private static QualityBucket bucket(String dataset, Instant hour, QualityCount... counts) {
    return QualityBucket.newBuilder()
        .setDataset(dataset)
        .setHour(hour)
        .setRevision(1)
        .setCounts(List.of(counts))
        .build();
  }

  private static QualityCount count(String measure) {
    return new QualityCount(measure, "", "", 1L);
  }
}
