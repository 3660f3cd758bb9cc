package io.hutong.console.dataset;

/**
 * One field of a schema as the form edits it: a name, one of the {@link SchemaRows#TYPES}, a
 * description, and whether records may leave it empty. A mutable bean because HTML forms bind to it
 * row by row.
 */
public class FieldRow {

  private String name = "";
  private String type = "string";
  private String doc = "";
  private boolean optional;

  public FieldRow() {}

  FieldRow(String name, String type, String doc, boolean optional) {
    this.name = name;
    this.type = type;
    this.doc = doc;
    this.optional = optional;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name == null ? "" : name.strip();
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getDoc() {
    return doc;
  }

  public void setDoc(String doc) {
    this.doc = doc == null ? "" : doc.strip();
  }

  public boolean isOptional() {
    return optional;
  }

  public void setOptional(boolean optional) {
    this.optional = optional;
  }

  boolean blank() {
    return name.isEmpty() && doc.isEmpty();
  }
}
