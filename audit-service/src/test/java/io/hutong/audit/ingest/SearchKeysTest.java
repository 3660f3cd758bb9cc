package io.hutong.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.schemas.audit.AuditLimits;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the key search indexes of an event's keys: never something that could stop ingest. */
class SearchKeysTest {

  @Test
  void searchKeys_areDistinctInTheOrderNamed() {
    assertThat(
            AuditIngestor.searchKeys(
                FirstSchemaEvent.builder().setKeys(List.of("b", "a", "b")).build()))
        .containsExactly("b", "a");
  }

  @Test
  void searchKeys_boundAnOverlongKeyAsTheContractsBuilderDoes() {
    String overlong = "k".repeat(5_000);

    assertThat(
            AuditIngestor.searchKeys(FirstSchemaEvent.builder().setKeys(List.of(overlong)).build()))
        .containsExactly(AuditLimits.bound(overlong, AuditLimits.NAME))
        .allSatisfy(key -> assertThat(key).hasSize(AuditLimits.NAME));
  }

  @Test
  void searchKeys_leaveOutAKeyWithANulWhichPostgresqlTextRefuses() {
    assertThat(
            AuditIngestor.searchKeys(
                FirstSchemaEvent.builder().setKeys(List.of("a\u0000b", "c")).build()))
        .containsExactly("c");
  }

  @Test
  void searchKeys_ofAnEventWithoutKeys_areNone() {
    assertThat(AuditIngestor.searchKeys(FirstSchemaEvent.builder().build())).isEmpty();
  }
}
