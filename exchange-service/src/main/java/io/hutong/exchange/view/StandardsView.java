package io.hutong.exchange.view;

import io.hutong.schemas.catalog.DatasetStandards;
import io.hutong.schemas.catalog.FieldStandardSpec;
import io.hutong.schemas.catalog.ViolationMode;
import io.hutong.schemas.standards.FieldStandard;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dataset's field standards (数据标准) as the exchange applies them: per schema version, each
 * standard prepared once (pattern compiled, code list hashed), and what a violation does at
 * publish. Built from the catalogue's {@link DatasetStandards} event, the whole set at a time.
 *
 * @param reject true when a violating record makes its publish refused; else it is only counted
 * @param byVersion the rules of each schema version that has any
 */
public record StandardsView(boolean reject, Map<Integer, List<Rule>> byVersion) {

  private static final Logger log = LoggerFactory.getLogger(StandardsView.class);

  /** A dataset without standards. */
  public static final StandardsView NONE = new StandardsView(false, Map.of());

  /** One standard on one field, ready to check values. */
  public record Rule(String field, String kind, FieldStandard.Check check) {}

  public StandardsView {
    byVersion = Map.copyOf(byVersion);
  }

  /** The rules records written with {@code schemaVersion} are held to (none: empty). */
  public List<Rule> rules(int schemaVersion) {
    return byVersion.getOrDefault(schemaVersion, List.of());
  }

  /** Whether any version has rules. */
  public boolean isEmpty() {
    return byVersion.isEmpty();
  }

  /**
   * The view of {@code event}. A kind this exchange does not know (a newer catalogue) is skipped
   * with a warning rather than failing every publish: the catalogue is the one that validates.
   */
  static StandardsView of(DatasetStandards event) {
    Map<Integer, List<Rule>> byVersion = new HashMap<>();
    for (FieldStandardSpec spec : event.getStandards()) {
      FieldStandard.Kind kind;
      try {
        kind = FieldStandard.Kind.valueOf(spec.getKind());
      } catch (IllegalArgumentException e) {
        log.warn("skipping standard of unknown kind {} on {}", spec.getKind(), event.getDataset());
        continue;
      }
      FieldStandard standard =
          new FieldStandard(kind, spec.getPattern(), spec.getMin(), spec.getMax(), spec.getCodes());
      if (standard.problem() != null) {
        log.warn(
            "skipping unusable standard {} on {}.{}: {}",
            kind,
            event.getDataset(),
            spec.getField(),
            standard.problem());
        continue;
      }
      byVersion
          .computeIfAbsent(spec.getSchemaVersion(), v -> new ArrayList<>())
          .add(new Rule(spec.getField(), kind.name(), standard.check()));
    }
    return new StandardsView(event.getViolationMode() == ViolationMode.REJECT, byVersion);
  }
}
