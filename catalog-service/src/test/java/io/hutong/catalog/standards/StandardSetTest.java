package io.hutong.catalog.standards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.schemas.standards.FieldStandard;
import io.hutong.service.failure.Refusal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class StandardSetTest {

  private static final Schema V1 =
      new Schema.Parser()
          .parse(
              """
              {"type":"record","name":"Person","fields":[
                {"name":"idNumber","type":"string"},
                {"name":"name","type":"string"}]}
              """);
  private static final Schema V2 =
      new Schema.Parser()
          .parse(
              """
              {"type":"record","name":"Person","fields":[
                {"name":"idNumber","type":"string"},
                {"name":"name","type":"string"},
                {"name":"age","type":["null","int"],"default":null}]}
              """);
  private static final Map<Integer, Schema> VERSIONS = Map.of(1, V1, 2, V2);

  private static Proposal proposal(int index, Integer version, String field, String kind) {
    return new Proposal(index, version, field, kind, null, null, null, List.of());
  }

  private static StandardSet replace(Proposal... proposals) {
    return StandardSet.replace("p.people", ViolationMode.REJECT, List.of(proposals), VERSIONS, 2);
  }

  @SuppressWarnings("unchecked")
  private static List<StandardError> errorsOf(Proposal... proposals) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> replace(proposals));
    assertThat(thrown).isInstanceOf(Refusal.class);
    Refusal refusal = (Refusal) thrown;
    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.UNPROCESSABLE);
    assertThat(refusal.type()).isEqualTo("invalid-request");
    return (List<StandardError>) refusal.extensions().get("errors");
  }

  @Test
  void replace_fillsTheCurrentVersionAndKeepsOrder() {
    StandardSet set =
        replace(
            proposal(0, 1, "idNumber", "RESIDENT_IDENTITY"),
            new Proposal(1, null, "age", "number_range", null, "0", "150", null),
            proposal(2, null, "name", "REQUIRED"));

    assertThat(set.mode()).isEqualTo(ViolationMode.REJECT);
    assertThat(set.standards())
        .extracting(AttachedStandard::schemaVersion, AttachedStandard::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "idNumber"),
            org.assertj.core.groups.Tuple.tuple(2, "age"),
            org.assertj.core.groups.Tuple.tuple(2, "name"));
    assertThat(set.standards().get(1).standard())
        .isEqualTo(new FieldStandard(FieldStandard.Kind.NUMBER_RANGE, null, "0", "150", List.of()));
    assertThat(set.ofVersion(2)).hasSize(2);
  }

  @Test
  void replace_reportsEveryBrokenRuleWithItsIndex() {
    List<StandardError> errors =
        errorsOf(
            proposal(0, 3, "idNumber", "REQUIRED"),
            proposal(1, 1, "age", "REQUIRED"),
            proposal(2, null, "name", "SHOUTING"),
            new Proposal(3, null, "name", "PATTERN", "([a-z", null, null, null),
            proposal(4, null, "age", "MOBILE_NUMBER"),
            new Proposal(5, null, "name", "LENGTH", null, "10", "2", null),
            new Proposal(6, null, "name", "CODE_LIST", null, null, null, List.of()),
            proposal(7, null, null, "REQUIRED"));

    assertThat(errors).extracting(StandardError::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(errors.get(0).reason()).contains("schema version 3 does not exist");
    assertThat(errors.get(1).reason()).contains("no top-level field age");
    assertThat(errors.get(2).reason()).contains("SHOUTING", "not known");
    assertThat(errors.get(3).reason()).contains("does not compile");
    assertThat(errors.get(4).reason()).contains("does not fit", "int");
    assertThat(errors.get(5).reason()).contains("above max");
    assertThat(errors.get(6).reason()).contains("at least one code");
    assertThat(errors.get(7).reason()).contains("field is required");
    assertThat(errors.get(4).field()).isEqualTo("age");
  }

  @Test
  void replace_refusesTheSameKindTwiceOnAField() {
    List<StandardError> errors =
        errorsOf(proposal(0, null, "name", "REQUIRED"), proposal(1, 2, "name", "REQUIRED"));

    assertThat(errors).singleElement().extracting(StandardError::index).isEqualTo(1);
  }

  @Test
  void replace_refusesMoreThanFiftyStandardsAndOverlongCodeLists() {
    List<Proposal> many = new ArrayList<>();
    for (int i = 0; i <= StandardSet.MAX_STANDARDS; i++) {
      many.add(proposal(i, null, "name", "REQUIRED"));
    }
    assertThat(errorsOf(many.toArray(Proposal[]::new)).getFirst().reason()).contains("at most 50");

    List<String> codes = Collections.nCopies(StandardSet.MAX_CODES + 1, "x");
    assertThat(
            errorsOf(new Proposal(0, null, "name", "CODE_LIST", null, null, null, codes))
                .getFirst()
                .reason())
        .contains("at most 1000 codes");
  }

  @Test
  void replace_refusesOverlongAndUncleanText() {
    assertThat(
            errorsOf(new Proposal(0, null, "name", "PATTERN", "a".repeat(501), null, null, null))
                .getFirst()
                .reason())
        .contains("too long");
    StandardError overlong = errorsOf(proposal(0, null, "f".repeat(10_000), "REQUIRED")).getFirst();
    assertThat(overlong.reason()).contains("too long");
    assertThat(overlong.field()).hasSize(StandardError.MAX_ECHO + 1);
    assertThat(
            errorsOf(new Proposal(0, null, "name", "PATTERN", "a\u0000", null, null, null))
                .getFirst()
                .reason())
        .contains("control character");
  }

  @Test
  void anEmptyProposal_removesEveryStandard() {
    assertThat(replace().standards()).isEmpty();
    assertThatThrownBy(() -> replace(proposal(0, null, "nobody", "REQUIRED")))
        .isInstanceOf(Refusal.class);
  }
}
