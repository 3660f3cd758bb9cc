package io.hutong.catalog.standards;

import io.hutong.schemas.standards.FieldStandard;
import java.util.List;

/** The JSON shapes of field standards, in their own API and in the catalogue entry. */
public final class StandardsViews {

  private StandardsViews() {}

  /** A standard on a data item of the entry (its version and field are the entry's). */
  public record StandardView(
      String kind, String pattern, String min, String max, List<String> codes) {

    public static StandardView of(FieldStandard s) {
      return new StandardView(s.kind().name(), s.pattern(), s.min(), s.max(), s.codes());
    }
  }

  /** One standard of the set, with the version and field it is on. */
  record AttachedView(
      int schemaVersion,
      String field,
      String kind,
      String pattern,
      String min,
      String max,
      List<String> codes) {

    static AttachedView of(AttachedStandard a) {
      FieldStandard s = a.standard();
      return new AttachedView(
          a.schemaVersion(), a.field(), s.kind().name(), s.pattern(), s.min(), s.max(), s.codes());
    }
  }

  /** Answer of {@code GET} and {@code PUT /datasets/{code}/standards}. */
  record StandardSetView(String dataset, String violationMode, List<AttachedView> standards) {

    static StandardSetView of(StandardSet set) {
      return new StandardSetView(
          set.dataset(),
          set.mode().name(),
          set.standards().stream().map(AttachedView::of).toList());
    }
  }
}
