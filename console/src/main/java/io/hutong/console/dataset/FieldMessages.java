package io.hutong.console.dataset;

import io.hutong.console.gateway.ApiProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Places the catalogue's answer to a register or edit next to the form field it is about: a
 * duplicate code at the code, a missing legal basis at the legal basis, each schema incompatibility
 * at the row of the field it names, anything else at the schema or the top of the form. The API's
 * own sentences are kept: they already say what to do.
 */
final class FieldMessages {

  /** Where a message about the whole form goes. */
  static final String FORM = "form";

  static final String SCHEMA = "schema";

  private static final Set<String> METADATA =
      Set.of(
          "code",
          "name",
          "description",
          "category",
          "tags",
          "sharingType",
          "sharingConditions",
          "legalBasis",
          "openToPublic",
          "updateFrequency",
          "compatibility");

  private static final Pattern FIELD = Pattern.compile("field '([^']+)'");
  private static final Pattern LEADING_NAME = Pattern.compile("^([A-Za-z]+)\\b");

  private FieldMessages() {}

  /** Messages by form path ({@code legalBasis}, {@code fields[2].name}, {@code schema}, form). */
  static Map<String, List<String>> of(ApiProblem problem, DatasetForm form) {
    Map<String, List<String>> messages = new LinkedHashMap<>();
    String detail = problem.detail() == null ? "" : problem.detail();
    switch (problem.slug()) {
      case "duplicate" -> add(messages, "code", detail);
      case "invalid-schema", "schema-unchanged" -> add(messages, SCHEMA, detail);
      case "schema-incompatible" -> {
        add(messages, SCHEMA, detail);
        for (String reason : problem.reasons()) {
          add(messages, rowPath(reason, form), reason);
        }
      }
      default -> add(messages, leadingField(detail), detail);
    }
    return messages;
  }

  private static String rowPath(String reason, DatasetForm form) {
    Matcher named = FIELD.matcher(reason);
    if (named.find() && "rows".equals(form.getSchemaMode())) {
      List<FieldRow> rows = form.getFields();
      for (int i = 0; i < rows.size(); i++) {
        if (rows.get(i).getName().equals(named.group(1))) {
          return "fields[" + i + "].name";
        }
      }
    }
    return SCHEMA;
  }

  private static String leadingField(String detail) {
    Matcher leading = LEADING_NAME.matcher(detail);
    if (leading.find()) {
      String word = leading.group(1);
      if (METADATA.contains(word)) {
        return word;
      }
      if (word.equals(SCHEMA)) {
        return SCHEMA;
      }
    }
    return FORM;
  }

  private static void add(Map<String, List<String>> messages, String path, String message) {
    if (!message.isBlank()) {
      messages.computeIfAbsent(path, p -> new ArrayList<>()).add(message);
    }
  }
}
