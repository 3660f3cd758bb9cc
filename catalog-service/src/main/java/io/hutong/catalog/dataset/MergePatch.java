package io.hutong.catalog.dataset;

import io.hutong.catalog.dataset.Dataset.Metadata;
import io.hutong.catalog.rules.Enums;
import io.hutong.catalog.schema.CompatibilityMode;
import io.hutong.service.failure.Refusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies an RFC 7396 JSON merge patch to dataset metadata: a member present sets the field, a
 * member set to null clears an optional field. Identity and lifecycle (code, status, schema
 * versions) are not metadata and cannot be patched.
 */
final class MergePatch {

  private static final Set<String> FIXED =
      Set.of(
          "code", "provider", "status", "currentSchemaVersion", "createdAt", "updatedAt", "schema");

  private MergePatch() {}

  static Metadata apply(Metadata current, Map<String, Object> patch) {
    if (patch == null || patch.isEmpty()) {
      throw Refusal.invalid("The merge patch is empty: send the fields to change.");
    }
    String name = current.name();
    String description = current.description();
    Category category = current.category();
    List<String> tags = current.tags();
    SharingType sharingType = current.sharingType();
    String sharingConditions = current.sharingConditions();
    String legalBasis = current.legalBasis();
    boolean openToPublic = current.openToPublic();
    UpdateFrequency updateFrequency = current.updateFrequency();
    CompatibilityMode compatibility = current.compatibility();
    for (Map.Entry<String, Object> member : patch.entrySet()) {
      String field = member.getKey();
      Object value = member.getValue();
      if (FIXED.contains(field)) {
        throw Refusal.invalid(
            field
                + " cannot be changed with PATCH"
                + (field.equals("schema") ? "; add a schema version instead." : "."));
      }
      switch (field) {
        case "name" -> name = requiredText(field, value);
        case "description" -> description = optionalText(field, value);
        case "category" ->
            category = Enums.parse(Category.class, requiredText(field, value), field);
        case "tags" -> tags = optionalTags(value);
        case "sharingType" ->
            sharingType = Enums.parse(SharingType.class, requiredText(field, value), field);
        case "sharingConditions" -> sharingConditions = optionalText(field, value);
        case "legalBasis" -> legalBasis = optionalText(field, value);
        case "openToPublic" -> {
          if (!(value instanceof Boolean flag)) {
            throw Refusal.invalid("openToPublic must be true or false.");
          }
          openToPublic = flag;
        }
        case "updateFrequency" ->
            updateFrequency = Enums.parse(UpdateFrequency.class, requiredText(field, value), field);
        case "compatibility" ->
            compatibility = Enums.parse(CompatibilityMode.class, requiredText(field, value), field);
        default -> throw Refusal.invalid("Unknown field '" + field + "' in the merge patch.");
      }
    }
    return new Metadata(
        name,
        description,
        category,
        tags,
        sharingType,
        sharingConditions,
        legalBasis,
        openToPublic,
        updateFrequency,
        compatibility);
  }

  private static String requiredText(String field, Object value) {
    if (!(value instanceof String text) || text.isBlank()) {
      throw Refusal.invalid(field + " must be a non-empty string; it cannot be removed.");
    }
    return text;
  }

  private static String optionalText(String field, Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw Refusal.invalid(field + " must be a string or null.");
    }
    return text;
  }

  static List<String> optionalTags(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw Refusal.invalid("tags must be an array of strings.");
    }
    List<String> tags = new ArrayList<>();
    for (Object tag : list) {
      if (!(tag instanceof String text)) {
        throw Refusal.invalid("tags must be an array of strings.");
      }
      tags.add(text);
    }
    return tags;
  }
}
