package io.hutong.console.standards;

import java.util.ArrayList;
import java.util.List;

/**
 * A dataset's field standards over all its schema versions and its violation mode, as the catalogue
 * answers them; the console changes a copy and sends the whole set back.
 */
record StandardSet(String dataset, String violationMode, List<Attached> standards) {

  StandardSet {
    standards = standards == null ? List.of() : List.copyOf(standards);
  }

  /** One standard on one field of one schema version. */
  record Attached(
      Integer schemaVersion,
      String field,
      String kind,
      String pattern,
      String min,
      String max,
      List<String> codes) {}

  /** The standards with {@code added} appended. */
  List<Attached> with(Attached added) {
    List<Attached> next = new ArrayList<>(standards);
    next.add(added);
    return next;
  }

  /** The standards without the one of {@code kind} on {@code field} of {@code version}. */
  List<Attached> without(int version, String field, String kind) {
    return standards.stream()
        .filter(
            s ->
                s.schemaVersion() == null
                    || s.schemaVersion() != version
                    || !s.field().equals(field)
                    || !s.kind().equals(kind))
        .toList();
  }
}
