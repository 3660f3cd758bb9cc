package io.hutong.catalog.dataset;

import io.hutong.catalog.rules.Text;
import io.hutong.catalog.schema.CompatibilityMode;
import io.hutong.schemas.data.DatasetCode;
import io.hutong.service.failure.Refusal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A dataset entry of the resource catalogue and the rules of its metadata: the legal basis is
 * required whenever sharing is not unconditional; a retired entry can no longer change. State
 * changes go through its methods, never through setters.
 */
public final class Dataset {

  static final int MAX_TAGS = 30;
  static final int MAX_TAG_LENGTH = 50;
  static final int MAX_NAME_LENGTH = 200;
  static final int MAX_TEXT_LENGTH = 10_000;

  private final DatasetCode code;
  private final Instant createdAt;
  private final String createdBy;
  private Metadata metadata;
  private DatasetStatus status;
  private int currentSchemaVersion;
  private String retiredReason;
  private Instant updatedAt;

  Dataset(
      DatasetCode code,
      Metadata metadata,
      DatasetStatus status,
      int currentSchemaVersion,
      String retiredReason,
      Instant createdAt,
      String createdBy,
      Instant updatedAt) {
    this.code = code;
    this.metadata = metadata;
    this.status = status;
    this.currentSchemaVersion = currentSchemaVersion;
    this.retiredReason = retiredReason;
    this.createdAt = createdAt;
    this.createdBy = createdBy;
    this.updatedAt = updatedAt;
  }

  /** A new, active dataset whose schema is version 1. */
  static Dataset register(DatasetCode code, Metadata metadata, Instant now, String by) {
    metadata.validate();
    return new Dataset(code, metadata, DatasetStatus.ACTIVE, 1, null, now, by, now);
  }

  /** Replaces the metadata (after a merge patch); refused once retired. */
  void update(Metadata changed, Instant now) {
    requireActive("edited");
    changed.validate();
    this.metadata = changed;
    this.updatedAt = now;
  }

  /** Retires the entry; it stays listed but takes no new schema versions or requests. */
  void retire(String reason, Instant now) {
    requireActive("retired again");
    if (reason == null || reason.isBlank()) {
      throw Refusal.invalid("A reason is required to retire a dataset.");
    }
    Text.freeText("reason", reason);
    this.status = DatasetStatus.RETIRED;
    this.retiredReason = reason.strip();
    this.updatedAt = now;
  }

  /** Makes {@code version} the schema publishers must write with. */
  public void adoptSchemaVersion(int version, Instant now) {
    requireActive("given new schema versions");
    if (version != currentSchemaVersion + 1) {
      throw Refusal.conflict(
          "concurrent-change",
          "Schema version " + version + " does not follow " + currentSchemaVersion + ".");
    }
    this.currentSchemaVersion = version;
    this.updatedAt = now;
  }

  /** Refuses with 409 unless active. */
  public void requireActive(String what) {
    if (status == DatasetStatus.RETIRED) {
      throw Refusal.conflict(
          "dataset-retired", "Dataset " + code + " is retired and cannot be " + what + ".");
    }
  }

  public DatasetCode code() {
    return code;
  }

  public String provider() {
    return code.provider();
  }

  public Metadata metadata() {
    return metadata;
  }

  public DatasetStatus status() {
    return status;
  }

  public int currentSchemaVersion() {
    return currentSchemaVersion;
  }

  public String retiredReason() {
    return retiredReason;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public String createdBy() {
    return createdBy;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  /** What free-text search looks in: name, description and tags, lower-cased. */
  String searchText() {
    return (metadata.name()
            + " "
            + metadata.description()
            + " "
            + String.join(" ", metadata.tags()))
        .toLowerCase(Locale.ROOT);
  }

  /**
   * The editable metadata of a dataset entry.
   *
   * @param legalBasis the law or regulation that limits sharing; required unless unconditional
   */
  public record Metadata(
      String name,
      String description,
      Category category,
      List<String> tags,
      SharingType sharingType,
      String sharingConditions,
      String legalBasis,
      boolean openToPublic,
      UpdateFrequency updateFrequency,
      CompatibilityMode compatibility) {

    public Metadata {
      description = description == null ? "" : description.strip();
      tags =
          tags == null
              ? List.of()
              : tags.stream().map(t -> t == null ? "" : t.strip()).distinct().toList();
      sharingConditions = blankToNull(sharingConditions);
      legalBasis = blankToNull(legalBasis);
      name = name == null ? null : name.strip();
    }

    void validate() {
      Text.line("name", name);
      Text.freeText("description", description);
      Text.freeText("sharingConditions", sharingConditions);
      Text.freeText("legalBasis", legalBasis);
      tags.forEach(tag -> Text.line("tags", tag));
      if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
        throw Refusal.invalid("name is required (at most " + MAX_NAME_LENGTH + " characters).");
      }
      if (description.length() > MAX_TEXT_LENGTH) {
        throw Refusal.invalid("description is longer than " + MAX_TEXT_LENGTH + " characters.");
      }
      Objects.requireNonNull(category, "category");
      Objects.requireNonNull(sharingType, "sharingType");
      Objects.requireNonNull(updateFrequency, "updateFrequency");
      Objects.requireNonNull(compatibility, "compatibility");
      if (tags.size() > MAX_TAGS
          || tags.stream().anyMatch(t -> t.isEmpty() || t.length() > MAX_TAG_LENGTH)) {
        throw Refusal.invalid(
            "tags: at most "
                + MAX_TAGS
                + " non-empty tags of at most "
                + MAX_TAG_LENGTH
                + " characters.");
      }
      if (sharingType != SharingType.UNCONDITIONAL && legalBasis == null) {
        throw Refusal.invalid(
            "legalBasis is required when sharingType is "
                + sharingType
                + ": quote the law or regulation that limits sharing.");
      }
      for (String text : new String[] {sharingConditions, legalBasis}) {
        if (text != null && text.length() > MAX_TEXT_LENGTH) {
          throw Refusal.invalid(
              "sharingConditions and legalBasis are limited to "
                  + MAX_TEXT_LENGTH
                  + " characters.");
        }
      }
    }

    private static String blankToNull(String value) {
      return value == null || value.isBlank() ? null : value.strip();
    }
  }
}
