package io.hutong.catalog.standards;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Reads the body of {@code PUT /datasets/{code}/standards} from any JSON the caller sends: a shape
 * that is not {@code {violationMode, standards: [{schemaVersion?, field, kind, pattern?, min?,
 * max?, codes?}]}} — an array where an object belongs, a number where text belongs, a fraction for
 * a version — is a 422 naming each member at fault, never a failure of the service. The rules on
 * the values themselves are {@link StandardSet}'s.
 */
record StandardsBody(ViolationMode mode, List<Proposal> proposals) {

  static StandardsBody read(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw StandardSet.refused(
          List.of(
              new StandardError(
                  null, null, "the body must be a JSON object {violationMode, standards}")));
    }
    List<StandardError> errors = new ArrayList<>();
    ViolationMode mode = mode(body.get("violationMode"), errors);
    JsonNode list = body.get("standards");
    List<Proposal> proposals = new ArrayList<>();
    if (list == null || !list.isArray()) {
      errors.add(
          new StandardError(
              null, "standards", "standards is required: an array (empty removes them all)"));
    } else if (list.size() > StandardSet.MAX_STANDARDS) {
      errors.add(
          new StandardError(
              null,
              "standards",
              "at most "
                  + StandardSet.MAX_STANDARDS
                  + " standards per dataset, not "
                  + list.size()));
    } else {
      for (int i = 0; i < list.size(); i++) {
        Proposal proposal = proposal(i, list.get(i), errors);
        if (proposal != null) {
          proposals.add(proposal);
        }
      }
    }
    if (!errors.isEmpty()) {
      throw StandardSet.refused(errors);
    }
    return new StandardsBody(mode, proposals);
  }

  private static ViolationMode mode(JsonNode node, List<StandardError> errors) {
    if (node != null && node.isString()) {
      try {
        return ViolationMode.valueOf(node.asString().strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException unknown) {
        // reported below
      }
    }
    errors.add(new StandardError(null, "violationMode", "violationMode must be MEASURE or REJECT"));
    return null;
  }

  private static Proposal proposal(int index, JsonNode item, List<StandardError> errors) {
    if (!item.isObject()) {
      errors.add(new StandardError(index, null, "each standard must be a JSON object"));
      return null;
    }
    String field = item.path("field").isString() ? item.path("field").asString() : null;
    int before = errors.size();
    Integer version = version(item.get("schemaVersion"));
    if (version == null && present(item.get("schemaVersion"))) {
      errors.add(
          new StandardError(index, field, "schemaVersion must be a whole number of at least 1"));
    }
    String kind = text(index, field, item, "kind", errors);
    String pattern = text(index, field, item, "pattern", errors);
    String min = bound(index, field, item, "min", errors);
    String max = bound(index, field, item, "max", errors);
    List<String> codes = codes(index, field, item.get("codes"), errors);
    if (present(item.get("field")) && field == null) {
      errors.add(new StandardError(index, null, "field must be text"));
    }
    return errors.size() > before
        ? null
        : new Proposal(index, version, field, kind, pattern, min, max, codes);
  }

  private static Integer version(JsonNode node) {
    if (node != null && node.isIntegralNumber() && node.canConvertToInt() && node.asInt() >= 1) {
      return node.asInt();
    }
    return null;
  }

  private static String text(
      int index, String field, JsonNode item, String name, List<StandardError> errors) {
    JsonNode node = item.get(name);
    if (!present(node)) {
      return null;
    }
    if (!node.isString()) {
      errors.add(new StandardError(index, field, name + " must be text"));
      return null;
    }
    return node.asString();
  }

  /** A bound may be sent as text or as a JSON number; it is kept as text. */
  private static String bound(
      int index, String field, JsonNode item, String name, List<StandardError> errors) {
    JsonNode node = item.get(name);
    if (node != null && node.isNumber()) {
      // Text as sent (a huge or infinite number is then refused by the standard's own check).
      return node.isIntegralNumber() ? node.bigIntegerValue().toString() : node.asString();
    }
    return text(index, field, item, name, errors);
  }

  private static List<String> codes(
      int index, String field, JsonNode node, List<StandardError> errors) {
    if (!present(node)) {
      return List.of();
    }
    if (!node.isArray() || node.size() > StandardSet.MAX_CODES) {
      errors.add(
          new StandardError(
              index,
              field,
              "codes must be an array of at most " + StandardSet.MAX_CODES + " texts"));
      return List.of();
    }
    List<String> codes = new ArrayList<>();
    for (JsonNode code : node) {
      if (!code.isString()) {
        errors.add(new StandardError(index, field, "each code must be text"));
        return List.of();
      }
      codes.add(code.asString());
    }
    return codes;
  }

  private static boolean present(JsonNode node) {
    return node != null && !node.isNull() && !node.isMissingNode();
  }
}
