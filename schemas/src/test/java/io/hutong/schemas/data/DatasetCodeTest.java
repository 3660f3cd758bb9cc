package io.hutong.schemas.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetCodeTest {

  @Test
  void parse_splitsProviderAndName() {
    DatasetCode code = DatasetCode.parse("civil-affairs.marriage-registrations");

    assertThat(code.provider()).isEqualTo("civil-affairs");
    assertThat(code.name()).isEqualTo("marriage-registrations");
    assertThat(code.topic()).isEqualTo("hutong.data.civil-affairs.marriage-registrations");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "civil-affairs",
        "Civil.x1",
        "civil-affairs.",
        ".name",
        "a.b.c",
        "civil-affairs.Marriage",
        "civil-affairs.1st",
        "civil_affairs.data",
        "civil-affairs.婚姻"
      })
  void parse_rejectsCodesOutsideTheGrammar(String invalid) {
    assertThatThrownBy(() -> DatasetCode.parse(invalid))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dataTopics_forDatasetValidatesTheCode() {
    assertThat(DataTopics.forDataset("market-regulation.licences"))
        .isEqualTo("hutong.data.market-regulation.licences");
    assertThatThrownBy(() -> DataTopics.forDataset("../etc"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
