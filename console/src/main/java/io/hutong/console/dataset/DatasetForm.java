package io.hutong.console.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The register/edit form of a dataset: its metadata, and its schema either as field rows or as raw
 * Avro JSON ({@code schemaMode} {@code rows} or {@code raw}). A mutable bean because HTML forms
 * bind to it; {@link #registration} and {@link #metadataPatch} turn it into the API's bodies.
 */
public class DatasetForm {

  private String code = "";
  private String name = "";
  private String description = "";
  private String category = "BASE";
  private String tags = "";
  private String sharingType = "CONDITIONAL";
  private String sharingConditions = "";
  private String legalBasis = "";
  private boolean openToPublic;
  private String updateFrequency = "DAILY";
  private String compatibility = "BACKWARD";
  private String schemaMode = "rows";
  private String rawSchema = "";
  private List<FieldRow> fields = new ArrayList<>(List.of(new FieldRow()));

  /** The schema the form describes, as Avro JSON text. */
  String schemaJson(tools.jackson.databind.json.JsonMapper json) {
    return "raw".equals(schemaMode)
        ? rawSchema
        : SchemaRows.toAvro(SchemaRows.recordName(code), fields, json);
  }

  /** The body of {@code POST /datasets}. */
  Map<String, Object> registration(tools.jackson.databind.json.JsonMapper json) {
    Map<String, Object> body = metadataPatch();
    body.put("code", code);
    body.put("compatibility", compatibility);
    body.put("schema", schemaJson(json));
    return body;
  }

  /** The editable metadata, as a JSON merge patch (empty texts remove optional ones). */
  Map<String, Object> metadataPatch() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("description", emptyToNull(description));
    body.put("category", category);
    body.put("tags", tagList());
    body.put("sharingType", sharingType);
    body.put("sharingConditions", emptyToNull(sharingConditions));
    body.put("legalBasis", emptyToNull(legalBasis));
    body.put("openToPublic", openToPublic);
    body.put("updateFrequency", updateFrequency);
    return body;
  }

  private List<String> tagList() {
    return Arrays.stream(tags.split("[,，、]"))
        .map(String::strip)
        .filter(tag -> !tag.isEmpty())
        .toList();
  }

  private static String emptyToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  public String getCode() {
    return code;
  }

  public void setCode(String code) {
    this.code = code == null ? "" : code.strip();
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name == null ? "" : name.strip();
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description == null ? "" : description;
  }

  public String getCategory() {
    return category;
  }

  public void setCategory(String category) {
    this.category = category;
  }

  public String getTags() {
    return tags;
  }

  public void setTags(String tags) {
    this.tags = tags == null ? "" : tags;
  }

  public String getSharingType() {
    return sharingType;
  }

  public void setSharingType(String sharingType) {
    this.sharingType = sharingType;
  }

  public String getSharingConditions() {
    return sharingConditions;
  }

  public void setSharingConditions(String sharingConditions) {
    this.sharingConditions = sharingConditions == null ? "" : sharingConditions;
  }

  public String getLegalBasis() {
    return legalBasis;
  }

  public void setLegalBasis(String legalBasis) {
    this.legalBasis = legalBasis == null ? "" : legalBasis;
  }

  public boolean isOpenToPublic() {
    return openToPublic;
  }

  public void setOpenToPublic(boolean openToPublic) {
    this.openToPublic = openToPublic;
  }

  public String getUpdateFrequency() {
    return updateFrequency;
  }

  public void setUpdateFrequency(String updateFrequency) {
    this.updateFrequency = updateFrequency;
  }

  public String getCompatibility() {
    return compatibility;
  }

  public void setCompatibility(String compatibility) {
    this.compatibility = compatibility;
  }

  public String getSchemaMode() {
    return schemaMode;
  }

  public void setSchemaMode(String schemaMode) {
    this.schemaMode = "raw".equals(schemaMode) ? "raw" : "rows";
  }

  public String getRawSchema() {
    return rawSchema;
  }

  public void setRawSchema(String rawSchema) {
    this.rawSchema = rawSchema == null ? "" : rawSchema;
  }

  public List<FieldRow> getFields() {
    return fields;
  }

  public void setFields(List<FieldRow> fields) {
    this.fields = fields == null ? new ArrayList<>() : new ArrayList<>(fields);
  }
}
