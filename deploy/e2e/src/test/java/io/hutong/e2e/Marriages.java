package io.hutong.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Object mother of the marriage-registration dataset the security tests register, evolve and
 * publish. Codes carry a random suffix: the platform is shared by every test class of the JVM, so
 * nothing registered here may collide with what another test registered.
 */
final class Marriages {

  static final String SCHEMA =
      """
      {"type":"record","name":"Marriage","namespace":"gov.civil_affairs","fields":[
        {"name":"certificateNo","type":"string"},
        {"name":"husbandName","type":"string"},
        {"name":"wifeName","type":"string"}]}""";

  private Marriages() {}

  /** A fresh dataset code of {@code department}: {@code <department>.mx-<random>}. */
  static String code(String department) {
    return department + ".mx-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Registration body of a conditional dataset {@code code} with {@link #SCHEMA}. */
  static Map<String, Object> registration(String code) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("name", "婚姻登记信息");
    body.put("description", "Marriage registrations, registered by the security matrix");
    body.put("category", "BASE");
    body.put("tags", List.of("婚姻", "security-matrix"));
    body.put("sharingType", "CONDITIONAL");
    body.put("sharingConditions", "For identity verification only");
    body.put("legalBasis", "《婚姻登记条例》");
    body.put("openToPublic", false);
    body.put("updateFrequency", "DAILY");
    body.put("schema", E2ePlatform.JSON.readTree(SCHEMA));
    return body;
  }

  /** Body of {@code POST /datasets/{code}/schemas}: an optional field added, compatible. */
  static Map<String, Object> schemaWithDistrict() {
    String evolved =
        SCHEMA.replace(
            "{\"name\":\"wifeName\",\"type\":\"string\"}",
            "{\"name\":\"wifeName\",\"type\":\"string\"},"
                + "{\"name\":\"district\",\"type\":[\"null\",\"string\"],\"default\":null}");
    return Map.of("schema", E2ePlatform.JSON.readTree(evolved));
  }

  /** Body of {@code POST /datasets/{code}/records}: a valid record per key. */
  static Map<String, Object> batch(String... keys) {
    List<Map<String, Object>> records = new ArrayList<>();
    for (String key : keys) {
      records.add(
          Map.of(
              "key",
              key,
              "value",
              Map.of("certificateNo", key, "husbandName", "张三", "wifeName", "李四")));
    }
    return Map.of("records", records);
  }

  /** Body of an access request for two of the fields. */
  static Map<String, Object> accessRequest() {
    return Map.of("purpose", "security matrix", "fields", List.of("certificateNo", "wifeName"));
  }

  /**
   * Body of {@code PUT /datasets/{code}/standards}: measure mode, one length standard on the
   * current version — publishing is not refused by it.
   */
  static Map<String, Object> standards() {
    Map<String, Object> standard = new LinkedHashMap<>();
    standard.put("schemaVersion", 1);
    standard.put("field", "wifeName");
    standard.put("kind", "LENGTH");
    standard.put("min", "1");
    standard.put("max", "40");
    standard.put("codes", List.of());
    return Map.of("violationMode", "MEASURE", "standards", List.of(standard));
  }
}
