package io.hutong.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Object mother of dataset registrations used across the catalogue's tests. */
public final class Datasets {

  public static final String MARRIAGE_SCHEMA =
      """
      {"type":"record","name":"MarriageRegistration","namespace":"gov.civil_affairs","fields":[
        {"name":"certificateNo","type":"string","doc":"结婚证字号"},
        {"name":"husbandName","type":"string","doc":"男方姓名"},
        {"name":"wifeName","type":"string","doc":"女方姓名"},
        {"name":"registeredOn","type":{"type":"int","logicalType":"date"},"doc":"登记日期"}
      ]}
      """;

  private Datasets() {}

  /** 婚姻登记信息 of civil-affairs, with the given sharing type. */
  public static Map<String, Object> marriageRegistrations(String code, String sharingType) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("name", "婚姻登记信息");
    body.put("description", "Marriage registrations recorded by civil affairs offices");
    body.put("category", "BASE");
    body.put("tags", List.of("婚姻", "civil registration"));
    body.put("sharingType", sharingType);
    body.put("sharingConditions", "For identity verification only");
    body.put("legalBasis", sharingType.equals("UNCONDITIONAL") ? null : "《婚姻登记条例》第十八条");
    body.put("openToPublic", false);
    body.put("updateFrequency", "DAILY");
    body.put("schema", io.hutong.catalog.CatalogITBase.JSON.readTree(MARRIAGE_SCHEMA));
    return body;
  }

  /** The marriage schema with an optional field added: compatible in every mode. */
  public static String marriageSchemaWithDistrict() {
    return MARRIAGE_SCHEMA.replace(
        "\"doc\":\"登记日期\"}",
        "\"doc\":\"登记日期\"},\n  {\"name\":\"district\",\"type\":[\"null\",\"string\"],\"default\":null}");
  }

  /** The marriage schema with a required field added: breaks BACKWARD. */
  public static String marriageSchemaWithRequiredOffice() {
    return MARRIAGE_SCHEMA.replace(
        "\"doc\":\"登记日期\"}", "\"doc\":\"登记日期\"},\n  {\"name\":\"office\",\"type\":\"string\"}");
  }
}
