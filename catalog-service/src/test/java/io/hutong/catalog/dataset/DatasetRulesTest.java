package io.hutong.catalog.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.catalog.schema.CompatibilityMode;
import io.hutong.schemas.data.DatasetCode;
import io.hutong.service.failure.Refusal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetRulesTest {

  static final Instant NOW = Instant.parse("2026-11-20T02:00:00Z");

  static Dataset.Metadata metadata(SharingType sharing, String legalBasis) {
    return new Dataset.Metadata(
        "婚姻登记信息",
        "Marriage registrations",
        Category.BASE,
        List.of("婚姻", "civil"),
        sharing,
        null,
        legalBasis,
        false,
        UpdateFrequency.DAILY,
        CompatibilityMode.BACKWARD);
  }

  static Dataset registered() {
    return Dataset.register(
        DatasetCode.parse("civil-affairs.marriage-registrations"),
        metadata(SharingType.CONDITIONAL, "《婚姻登记条例》"),
        NOW,
        "civil-affairs-admin");
  }

  @Test
  void legalBasisIsRequiredUnlessUnconditional() {
    assertThatThrownBy(() -> metadata(SharingType.CONDITIONAL, " ").validate())
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("legalBasis");
    assertThatThrownBy(() -> metadata(SharingType.NOT_SHARED, null).validate())
        .isInstanceOf(Refusal.class);
    metadata(SharingType.UNCONDITIONAL, null).validate();
  }

  @Test
  void searchTextCoversNameDescriptionAndTags() {
    assertThat(registered().searchText()).contains("婚姻登记信息").contains("marriage").contains("civil");
  }

  @Test
  void aRetiredDatasetCannotChange() {
    Dataset dataset = registered();
    dataset.retire("replaced by a national dataset", NOW);

    assertThatThrownBy(() -> dataset.update(metadata(SharingType.UNCONDITIONAL, null), NOW))
        .isInstanceOf(Refusal.class)
        .satisfies(e -> assertThat(((Refusal) e).kind()).isEqualTo(Refusal.Kind.CONFLICT));
    assertThatThrownBy(() -> dataset.retire("again", NOW)).isInstanceOf(Refusal.class);
    assertThatThrownBy(() -> dataset.adoptSchemaVersion(2, NOW)).isInstanceOf(Refusal.class);
  }

  @Test
  void mergePatch_setsAndClearsFields() {
    Map<String, Object> patch = new HashMap<>();
    patch.put("name", "婚姻登记");
    patch.put("tags", null);
    patch.put("sharingType", "unconditional");
    patch.put("legalBasis", null);

    Dataset.Metadata changed =
        MergePatch.apply(metadata(SharingType.CONDITIONAL, "《婚姻登记条例》"), patch);

    assertThat(changed.name()).isEqualTo("婚姻登记");
    assertThat(changed.tags()).isEmpty();
    assertThat(changed.sharingType()).isEqualTo(SharingType.UNCONDITIONAL);
    assertThat(changed.legalBasis()).isNull();
    assertThat(changed.category()).isEqualTo(Category.BASE);
  }

  @Test
  void mergePatch_refusesIdentityFieldsUnknownFieldsAndRemovingRequiredOnes() {
    Dataset.Metadata current = metadata(SharingType.CONDITIONAL, "law");
    Map<String, Object> removeName = new HashMap<>();
    removeName.put("name", null);

    assertThatThrownBy(() -> MergePatch.apply(current, Map.of("code", "x.y")))
        .hasMessageContaining("cannot be changed");
    assertThatThrownBy(() -> MergePatch.apply(current, Map.of("colour", "red")))
        .hasMessageContaining("Unknown field");
    assertThatThrownBy(() -> MergePatch.apply(current, removeName))
        .hasMessageContaining("cannot be removed");
    assertThatThrownBy(() -> MergePatch.apply(current, Map.of("sharingType", "SOMETIMES")))
        .hasMessageContaining("UNCONDITIONAL, CONDITIONAL, NOT_SHARED");
  }
}
