package io.hutong.catalog.standards;

import java.util.List;

/**
 * One standard as a request proposes it, before any rule is checked: the text the caller sent.
 *
 * @param schemaVersion the version it is for; null means the dataset's current version
 * @param kind the name of a {@link io.hutong.schemas.standards.FieldStandard.Kind}, unchecked
 */
public record Proposal(
    int index,
    Integer schemaVersion,
    String field,
    String kind,
    String pattern,
    String min,
    String max,
    List<String> codes) {

  public Proposal {
    codes = codes == null ? List.of() : List.copyOf(codes);
  }
}
