package io.hutong.catalog.standards;

import io.hutong.catalog.rules.Text;
import io.hutong.schemas.standards.FieldStandard;
import io.hutong.schemas.standards.FieldStandard.Kind;
import io.hutong.service.failure.Refusal;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * Every field standard of a dataset, over all its schema versions, and its violation mode: the set
 * a provider replaces as a whole and the exchange receives as a whole. {@link #replace} is where
 * the rules live — each standard names a version that exists and a top-level field of it, a known
 * kind with usable parameters that fits the field's type, within the size limits — and every broken
 * rule is reported at once, with the standard's index, so a form can show each next to its row.
 */
public record StandardSet(String dataset, ViolationMode mode, List<AttachedStandard> standards) {

  static final int MAX_STANDARDS = 50;
  static final int MAX_CODES = 1000;
  static final int MAX_CODE_LENGTH = 200;
  static final int MAX_PATTERN_LENGTH = 500;
  static final int MAX_BOUND_LENGTH = 40;
  static final int MAX_FIELD_LENGTH = 200;

  public StandardSet {
    standards = List.copyOf(standards);
  }

  /** The set a dataset has before its provider sets any: no standards, violations measured. */
  static StandardSet none(String dataset) {
    return new StandardSet(dataset, ViolationMode.MEASURE, List.of());
  }

  /**
   * The set that replaces a dataset's standards, if every proposal keeps the rules; a 422 listing
   * every broken one otherwise.
   *
   * @param versions every schema version of the dataset, by number
   * @param current the version a proposal without one is for
   */
  static StandardSet replace(
      String dataset,
      ViolationMode mode,
      List<Proposal> proposals,
      Map<Integer, Schema> versions,
      int current) {
    List<StandardError> errors = new ArrayList<>();
    if (proposals.size() > MAX_STANDARDS) {
      throw refused(
          List.of(
              new StandardError(
                  null,
                  "standards",
                  "at most " + MAX_STANDARDS + " standards per dataset, not " + proposals.size())));
    }
    List<AttachedStandard> accepted = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Proposal proposal : proposals) {
      int version = proposal.schemaVersion() == null ? current : proposal.schemaVersion();
      String error = problem(proposal, versions.get(version), version);
      if (error == null
          && !seen.add(version + "\u0000" + proposal.field() + "\u0000" + kind(proposal))) {
        error =
            "field "
                + proposal.field()
                + " of version "
                + version
                + " already has a "
                + kind(proposal)
                + " standard";
      }
      if (error != null) {
        errors.add(new StandardError(proposal.index(), proposal.field(), error));
      } else {
        accepted.add(new AttachedStandard(version, proposal.field(), standardOf(proposal)));
      }
    }
    if (!errors.isEmpty()) {
      throw refused(errors);
    }
    return new StandardSet(dataset, mode, accepted);
  }

  /** The standards of one schema version, in the order they were set. */
  public List<AttachedStandard> ofVersion(int version) {
    return standards.stream().filter(s -> s.schemaVersion() == version).toList();
  }

  private static String problem(Proposal proposal, Schema schema, int version) {
    String text = textProblem(proposal);
    if (text != null) {
      return text;
    }
    if (schema == null) {
      return "schema version " + version + " does not exist";
    }
    Schema.Field field = schema.getField(proposal.field());
    if (field == null) {
      return "version " + version + " of the schema has no top-level field " + proposal.field();
    }
    Kind kind = kind(proposal);
    if (kind == null) {
      return "kind '" + proposal.kind() + "' is not known; use one of " + List.of(Kind.values());
    }
    String unusable = standardOf(proposal).problem();
    if (unusable != null) {
      return unusable;
    }
    if (emptyRange(kind, proposal.min(), proposal.max())) {
      return "min " + proposal.min() + " is above max " + proposal.max() + ": no value could pass";
    }
    return KindFit.problem(kind, field.schema());
  }

  /** True when both bounds are given and min lies above max (parameters already usable). */
  private static boolean emptyRange(Kind kind, String min, String max) {
    if (min == null || max == null) {
      return false;
    }
    return switch (kind) {
      case LENGTH -> Integer.parseInt(min) > Integer.parseInt(max);
      case NUMBER_RANGE -> new BigDecimal(min).compareTo(new BigDecimal(max)) > 0;
      case DATE_RANGE -> LocalDate.parse(min).isAfter(LocalDate.parse(max));
      default -> false;
    };
  }

  /** Missing, oversized or unclean text, before anything is parsed. */
  private static String textProblem(Proposal p) {
    if (p.field() == null || p.field().isBlank()) {
      return "field is required: a top-level field of the schema";
    }
    if (p.kind() == null || p.kind().isBlank()) {
      return "kind is required; one of " + List.of(Kind.values());
    }
    if (p.codes().size() > MAX_CODES) {
      return "a code list holds at most " + MAX_CODES + " codes, not " + p.codes().size();
    }
    if (tooLong(p.field(), MAX_FIELD_LENGTH)
        || tooLong(p.kind(), MAX_FIELD_LENGTH)
        || tooLong(p.pattern(), MAX_PATTERN_LENGTH)
        || tooLong(p.min(), MAX_BOUND_LENGTH)
        || tooLong(p.max(), MAX_BOUND_LENGTH)
        || p.codes().stream()
            .anyMatch(c -> c == null || c.isEmpty() || tooLong(c, MAX_CODE_LENGTH))) {
      return "too long: field and kind at most "
          + MAX_FIELD_LENGTH
          + " characters, pattern "
          + MAX_PATTERN_LENGTH
          + ", min and max "
          + MAX_BOUND_LENGTH
          + ", each code 1 to "
          + MAX_CODE_LENGTH;
    }
    List<String> texts = new ArrayList<>(p.codes());
    texts.add(p.field());
    texts.add(p.kind());
    texts.add(p.pattern());
    texts.add(p.min());
    texts.add(p.max());
    if (texts.stream().anyMatch(t -> t != null && !Text.isClean(t, false))) {
      return "contains NUL, a control character or an unpaired surrogate; send plain UTF-8 text";
    }
    return null;
  }

  private static boolean tooLong(String text, int max) {
    return text != null && text.length() > max;
  }

  private static Kind kind(Proposal proposal) {
    try {
      return Kind.valueOf(proposal.kind().strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }

  private static FieldStandard standardOf(Proposal p) {
    return new FieldStandard(kind(p), p.pattern(), p.min(), p.max(), p.codes());
  }

  /** The 422 that lists every broken rule; nothing is changed. */
  static Refusal refused(List<StandardError> errors) {
    return new Refusal(
        Refusal.Kind.UNPROCESSABLE,
        "invalid-request",
        errors.size() + " problem(s) with the standards; nothing was changed.",
        Map.of("errors", errors));
  }
}
