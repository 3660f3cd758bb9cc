package io.hutong.console.standards;

import java.util.Arrays;
import java.util.List;

/**
 * The "add a standard" form of the dataset page: a data item of the current schema, a kind, and the
 * parameters the kind takes (codes one per line or separated by commas). Empty inputs are sent as
 * absent, so the catalogue judges only what the person filled in.
 */
public class StandardForm {

  /** Every kind of standard the catalogue knows, in the order the form offers them. */
  public static final List<String> KINDS =
      List.of(
          "REQUIRED",
          "PATTERN",
          "LENGTH",
          "NUMBER_RANGE",
          "DATE_RANGE",
          "CODE_LIST",
          "RESIDENT_IDENTITY",
          "SOCIAL_CREDIT_CODE",
          "ADMINISTRATIVE_DIVISION",
          "MOBILE_NUMBER",
          "ISO_DATE");

  private String field = "";
  private String kind = "REQUIRED";
  private String pattern = "";
  private String min = "";
  private String max = "";
  private String codes = "";

  /** The standard for {@code version}, the dataset's current schema version. */
  StandardSet.Attached standard(int version) {
    List<String> codeList =
        Arrays.stream(codes.split("[,，\\r\\n]+"))
            .map(String::strip)
            .filter(c -> !c.isEmpty())
            .toList();
    return new StandardSet.Attached(
        version,
        field.strip(),
        kind,
        blankToNull(pattern),
        blankToNull(min),
        blankToNull(max),
        codeList.isEmpty() ? null : codeList);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  public String getField() {
    return field;
  }

  public void setField(String field) {
    this.field = field == null ? "" : field;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind == null ? "" : kind;
  }

  public String getPattern() {
    return pattern;
  }

  public void setPattern(String pattern) {
    this.pattern = pattern == null ? "" : pattern;
  }

  public String getMin() {
    return min;
  }

  public void setMin(String min) {
    this.min = min == null ? "" : min;
  }

  public String getMax() {
    return max;
  }

  public void setMax(String max) {
    this.max = max == null ? "" : max;
  }

  public String getCodes() {
    return codes;
  }

  public void setCodes(String codes) {
    this.codes = codes == null ? "" : codes;
  }
}
