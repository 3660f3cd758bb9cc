package io.hutong.catalog.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.catalog.quality.QualityBuckets.CountKey;
import io.hutong.catalog.quality.QualityReport.Window;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityFiguresTest {

  private static final Instant FROM = Instant.parse("2027-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2027-01-02T00:00:00Z");

  @Test
  void window_hundredRecordsSevenEmptyNames_completeShareOf0_93() {
    Window w =
        QualityFigures.window(
            FROM,
            TO,
            Map.of(key("RECORDS", "", ""), 100L, key("EMPTY", "name", ""), 7L),
            List.of("id", "name"),
            List.of());

    assertThat(w.records()).isEqualTo(100);
    assertThat(w.completeness())
        .containsExactly(
            new QualityReport.Completeness("id", 0, 1.0),
            new QualityReport.Completeness("name", 7, 0.93));
  }

  @Test
  void window_withoutRecords_hasNoShares() {
    Window w = QualityFigures.window(FROM, TO, Map.of(), List.of("name"), List.of());

    assertThat(w.completeness().getFirst().completeShare()).isNull();
    assertThat(w.consistency().duplicateShare()).isNull();
    assertThat(w.validity()).isEmpty();
  }

  @Test
  void window_violationsRejectionsAndRepeats_areCountedWithSharesToFourDecimals() {
    Window w =
        QualityFigures.window(
            FROM,
            TO,
            Map.of(
                key("RECORDS", "", ""), 3L,
                key("VIOLATION", "idNo", "ID_CARD"), 1L,
                key("REJECTED", "", "schema"), 4L,
                key("REJECTED", "", "standard"), 2L,
                key("REJECTED_BATCHES", "", ""), 1L,
                key("FIRST_OF_DAY", "", ""), 2L,
                key("DUPLICATE", "", ""), 1L,
                key("CHANGE", "", ""), 1L),
            List.of("idNo"),
            List.of());

    assertThat(w.validity())
        .containsExactly(new QualityReport.Validity("idNo", "ID_CARD", 1, 0.3333));
    assertThat(w.rejected().batches()).isEqualTo(1);
    assertThat(w.rejected().records().schema()).isEqualTo(4);
    assertThat(w.rejected().records().standard()).isEqualTo(2);
    assertThat(w.consistency()).isEqualTo(new QualityReport.Consistency(2, 1, 1, 0.3333));
  }

  @Test
  void windowEnd_isTheEndOfTheCurrentUtcHour() {
    assertThat(QualityService.windowEnd(Instant.parse("2027-01-01T10:59:59.999Z")))
        .isEqualTo(Instant.parse("2027-01-01T11:00:00Z"));
    assertThat(QualityService.windowEnd(Instant.parse("2027-01-01T11:00:00Z")))
        .isEqualTo(Instant.parse("2027-01-01T12:00:00Z"));
  }

  private static CountKey key(String measure, String field, String detail) {
    return new CountKey(measure, field, detail);
  }

  @Test
  void window_listsEveryConfiguredStandard_withNoViolationsWhenNoneWereCounted() {
    Window w =
        QualityFigures.window(
            FROM,
            TO,
            Map.of(key("RECORDS", "", ""), 10L, key("VIOLATION", "mobile", "MOBILE_NUMBER"), 2L),
            List.of("idNo", "mobile"),
            List.of(
                new QualityFigures.Standard("idNo", "RESIDENT_IDENTITY"),
                new QualityFigures.Standard("mobile", "MOBILE_NUMBER")));

    assertThat(w.validity())
        .containsExactly(
            new QualityReport.Validity("idNo", "RESIDENT_IDENTITY", 0, 0.0),
            new QualityReport.Validity("mobile", "MOBILE_NUMBER", 2, 0.2));
  }
}
