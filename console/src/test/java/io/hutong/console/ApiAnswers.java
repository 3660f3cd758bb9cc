package io.hutong.console;

/** What the catalogue and the audit log answer, as JSON, for the console's tests. */
final class ApiAnswers {

  static final String DATASET_CODE = "civil-affairs.marriage-registrations";
  static final String REQUEST_ID = "7d1e4c1a-52a4-4b7e-9a55-3f8f0c1d2e01";
  static final String GRANT_ID = "0b9f2a3c-1111-4c4c-8d8d-2e2e2e2e2e2e";
  static final String LOOKUP_ID = "5a0c9e2b-0001-4e1f-8a7b-6c5d4e3f2a10";
  static final String VERIFICATION_ID = "5a0c9e2b-0002-4e1f-8a7b-6c5d4e3f2a10";
  static final String FETCH_ID = "5a0c9e2b-0003-4e1f-8a7b-6c5d4e3f2a10";

  /** The record key the audit answers are about: the fourth of the batch lookup's five. */
  static final String RECORD_KEY = "110101199003070042";

  private ApiAnswers() {}

  static String departments() {
    return """
        {"items":[{"code":"civil-affairs","name":"民政局","createdAt":"2026-11-01T00:00:00Z"},
          {"code":"public-security","name":"公安局","createdAt":"2026-11-01T00:00:00Z"}],
         "nextCursor":null}""";
  }

  static String searchPage() {
    return """
        {"items":[{"code":"%s","name":"婚姻登记信息","provider":"civil-affairs","category":"BASE",
          "tags":["婚姻"],"sharingType":"CONDITIONAL","openToPublic":false,"updateFrequency":"DAILY",
          "status":"ACTIVE","currentSchemaVersion":2,"updatedAt":"2026-11-28T02:00:00Z"}],
         "nextCursor":"bmV4dA"}"""
        .formatted(DATASET_CODE);
  }

  static String dataset() {
    return """
        {"code":"%s","name":"婚姻登记信息","description":"结婚和离婚登记","provider":"civil-affairs",
         "category":"BASE","tags":["婚姻"],"sharingType":"CONDITIONAL","sharingConditions":"仅用于核验",
         "legalBasis":"《婚姻登记条例》","openToPublic":false,"updateFrequency":"DAILY",
         "compatibility":"BACKWARD","status":"ACTIVE","retiredReason":null,"currentSchemaVersion":2,
         "dataItems":[{"name":"certificateNo","type":"string","description":"证书编号","required":true},
           {"name":"wifeName","type":"string","description":null,"required":true},
           {"name":"registeredOn","type":"date?","description":null,"required":false}],
         "createdAt":"2026-11-27T02:00:00Z","updatedAt":"2026-11-28T02:00:00Z"}"""
        .formatted(DATASET_CODE);
  }

  static String schemas() {
    String v1 =
        "{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Marriage\\\",\\\"fields\\\":["
            + "{\\\"name\\\":\\\"certificateNo\\\",\\\"type\\\":\\\"string\\\"},"
            + "{\\\"name\\\":\\\"wifeName\\\",\\\"type\\\":\\\"string\\\"}]}";
    String v2 =
        "{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Marriage\\\",\\\"fields\\\":["
            + "{\\\"name\\\":\\\"certificateNo\\\",\\\"type\\\":\\\"string\\\"},"
            + "{\\\"name\\\":\\\"wifeName\\\",\\\"type\\\":\\\"string\\\"},"
            + "{\\\"name\\\":\\\"registeredOn\\\",\\\"type\\\":[\\\"null\\\","
            + "{\\\"type\\\":\\\"int\\\",\\\"logicalType\\\":\\\"date\\\"}],\\\"default\\\":null}]}";
    return """
        {"items":[
          {"dataset":"%1$s","version":1,"fingerprint":1,"schema":"%2$s","createdAt":"2026-11-27T02:00:00Z","createdBy":"civil-affairs-admin"},
          {"dataset":"%1$s","version":2,"fingerprint":2,"schema":"%3$s","createdAt":"2026-11-28T02:00:00Z","createdBy":"civil-affairs-admin"}],
         "nextCursor":null}"""
        .formatted(DATASET_CODE, v1, v2);
  }

  static String pendingRequests() {
    return """
        {"items":[{"id":"%s","dataset":"%s","provider":"civil-affairs","consumer":"public-security",
          "purpose":"核验婚姻状况","fields":["certificateNo"],"verifyFields":["wifeName"],
          "status":"PENDING",
          "requestedBy":"public-security-admin","requestedAt":"2026-11-20T02:00:00Z",
          "replyDeadline":"2026-11-27T09:00:00Z","overdue":true,"decidedBy":null,"decidedAt":null,
          "decisionReason":null,"approvedFields":null,"approvedVerifyFields":null,
          "lookupQuota":null,"validUntil":null,"grantId":null}],
         "nextCursor":null}"""
        .formatted(REQUEST_ID, DATASET_CODE);
  }

  static String grants() {
    return """
        {"items":[{"id":"%s","dataset":"%s","provider":"civil-affairs","consumer":"public-security",
          "fields":["certificateNo"],"verifyFields":["wifeName"],"lookupQuota":1000,
          "purpose":"核验婚姻状况","requestId":"%s",
          "validFrom":"2026-11-28T02:00:00Z","validUntil":null,"state":"LIVE",
          "issuedBy":"civil-affairs-admin","revokedAt":null,"revokedBy":null,"revokeReason":null,
          "expiredAt":null}],
         "nextCursor":null}"""
        .formatted(GRANT_ID, DATASET_CODE, REQUEST_ID);
  }

  /** The request as the catalogue answers it once opened: pending, verify fields beside. */
  static String openedRequest() {
    return """
        {"id":"%s","dataset":"%s","provider":"civil-affairs","consumer":"public-security",
         "purpose":"核验婚姻状况","fields":["certificateNo"],"verifyFields":["wifeName"],
         "status":"PENDING","requestedBy":"public-security-admin",
         "requestedAt":"2026-11-28T02:00:00Z","replyDeadline":"2026-12-12T09:00:00Z",
         "overdue":false,"decidedBy":null,"decidedAt":null,"decisionReason":null,
         "approvedFields":null,"approvedVerifyFields":null,"lookupQuota":null,
         "validUntil":null,"grantId":null}"""
        .formatted(REQUEST_ID, DATASET_CODE);
  }

  /**
   * A page of the audit log, newest first: a verification of {@link #RECORD_KEY}, a batch lookup of
   * five keys among which it is, and an event of the first contract version (no keys, fields or
   * result members at all).
   */
  static String auditPage() {
    return """
        {"items":[{"event":%s,"leafIndex":12,"leafHash":"aGFzaDEy"},
          {"event":%s,"leafIndex":11,"leafHash":"aGFzaDEx"},
          {"event":%s,"leafIndex":10,"leafHash":"aGFzaDEw"}],
         "nextCursor":null}"""
        .formatted(verificationEvent(), lookupEvent(), fetchEvent());
  }

  /** One entry of the audit log: the verification of {@link #RECORD_KEY}. */
  static String auditEntry() {
    return """
        {"event":%s,"leafIndex":12,"leafHash":"aGFzaDEy"}"""
        .formatted(verificationEvent());
  }

  private static String verificationEvent() {
    return """
        {"action":"RECORD_VERIFIED","actor":"public-security-system","dataset":"%s",
         "department":"public-security","fields":["wifeName","registeredOn"],"id":"%s",
         "keys":["%s"],"outcome":"ALLOWED","reason":null,"recordCount":null,"requestId":"r-3",
         "resource":"/api/exchange/v1/datasets/%s/verifications","result":"wifeName: match; registeredOn: no match",
         "roles":["department-system"],"service":"exchange-service","sourceAddress":"10.1.2.3",
         "time":"2026-11-28T03:00:00Z"}"""
        .formatted(DATASET_CODE, VERIFICATION_ID, RECORD_KEY, DATASET_CODE);
  }

  private static String lookupEvent() {
    return """
        {"action":"RECORD_LOOKED_UP","actor":"public-security-system","dataset":"%s",
         "department":"public-security","fields":["certificateNo","wifeName"],"id":"%s",
         "keys":["110101199003070011","110101199003070022","110101199003070033","%s","110101199003070055"],
         "outcome":"ALLOWED","reason":null,"recordCount":4,"requestId":"r-2",
         "resource":"/api/exchange/v1/datasets/%s/lookups","result":"found 4; missing 110101199003070055",
         "roles":["department-system"],"service":"exchange-service","sourceAddress":"10.1.2.3",
         "time":"2026-11-28T02:30:00Z"}"""
        .formatted(DATASET_CODE, LOOKUP_ID, RECORD_KEY, DATASET_CODE);
  }

  private static String fetchEvent() {
    return """
        {"action":"RECORDS_FETCHED","actor":"public-security-system","dataset":"%s",
         "department":"public-security","id":"%s","outcome":"ALLOWED","reason":null,
         "recordCount":500,"requestId":"r-1","resource":"/api/exchange/v1/subscriptions/42/records",
         "roles":["department-system"],"service":"exchange-service","sourceAddress":"10.1.2.3",
         "time":"2026-11-28T02:00:00Z"}"""
        .formatted(DATASET_CODE, FETCH_ID);
  }

  static String problem(int status, String slug, String detail) {
    return """
        {"type":"urn:hutong:problem:%s","title":"t","status":%d,"detail":"%s","instance":"/x"}"""
        .formatted(slug, status, detail);
  }

  /**
   * The quality of the marriage dataset: late by 21 h 36 min; in the last 24 hours 100 records with
   * 7 empty wife names (93.0% complete), 4 ID_CARD violations, 6 duplicates and rejections; the 30
   * days hold twice as many records.
   */
  static String quality() {
    return """
        {"dataset":"%s","measuredAt":"2026-11-28T10:00:00Z",
         "timeliness":{"status":"LATE","updateFrequency":"DAILY",
           "lastPublishedAt":"2026-11-26T10:00:00Z","dueAt":"2026-11-27T12:24:00Z",
           "lateBy":"PT21H36M","since":"2026-11-27T12:24:00Z"},
         "windows":{
           "last24Hours":{"from":"2026-11-27T11:00:00Z","to":"2026-11-28T11:00:00Z",
             "records":100,"tombstones":2,
             "completeness":[{"field":"certificateNo","empty":0,"completeShare":1.0},
               {"field":"wifeName","empty":7,"completeShare":0.93},
               {"field":"registeredOn","empty":0,"completeShare":1.0}],
             "validity":[{"field":"certificateNo","standard":"ID_CARD","violations":4,"violationShare":0.04},
               {"field":"wifeName","standard":"REQUIRED","violations":0,"violationShare":0.0}],
             "rejected":{"batches":2,"records":{"schema":5,"standard":2}},
             "consistency":{"firstOfDay":90,"duplicates":6,"changes":4,"duplicateShare":0.06}},
           "last30Days":{"from":"2026-10-29T11:00:00Z","to":"2026-11-28T11:00:00Z",
             "records":200,"tombstones":2,
             "completeness":[{"field":"certificateNo","empty":0,"completeShare":1.0},
               {"field":"wifeName","empty":17,"completeShare":0.915},
               {"field":"registeredOn","empty":0,"completeShare":1.0}],
             "validity":[],
             "rejected":{"batches":2,"records":{"schema":5,"standard":2}},
             "consistency":{"firstOfDay":190,"duplicates":6,"changes":4,"duplicateShare":0.03}}}}"""
        .formatted(DATASET_CODE);
  }

  /**
   * The dataset whose current version (2) carries field standards: a resident identity number on
   * certificateNo, a length on wifeName; violations are refused at publish.
   */
  static String datasetWithStandards() {
    return dataset()
        .replace(
            "\"description\":\"证书编号\",\"required\":true}",
            "\"description\":\"证书编号\",\"required\":true,"
                + "\"standards\":[{\"kind\":\"RESIDENT_IDENTITY\",\"pattern\":null,"
                + "\"min\":null,\"max\":null,\"codes\":[]}]}")
        .replace(
            "{\"name\":\"wifeName\",\"type\":\"string\",\"description\":null,\"required\":true}",
            "{\"name\":\"wifeName\",\"type\":\"string\",\"description\":null,\"required\":true,"
                + "\"standards\":[{\"kind\":\"LENGTH\",\"pattern\":null,\"min\":\"1\","
                + "\"max\":\"50\",\"codes\":[]}]}")
        .replace(
            "\"updatedAt\":\"2026-11-28T02:00:00Z\"}",
            "\"updatedAt\":\"2026-11-28T02:00:00Z\",\"violationMode\":\"REJECT\"}");
  }

  /** The whole standard set of that dataset: version 2's two, and a pattern kept on version 1. */
  static String standards() {
    return """
        {"dataset":"%s","violationMode":"REJECT","standards":[
          {"schemaVersion":1,"field":"certificateNo","kind":"PATTERN","pattern":"[A-Z]\\\\d{6}","min":null,"max":null,"codes":[]},
          {"schemaVersion":2,"field":"certificateNo","kind":"RESIDENT_IDENTITY","pattern":null,"min":null,"max":null,"codes":[]},
          {"schemaVersion":2,"field":"wifeName","kind":"LENGTH","pattern":null,"min":"1","max":"50","codes":[]}]}"""
        .formatted(DATASET_CODE);
  }

  /** A 422 of the catalogue naming the standard and field it refuses. */
  static String standardRefused() {
    return """
        {"type":"urn:hutong:problem:invalid-request","title":"Unprocessable Content","status":422,
         "detail":"1 problem(s) with the standards; nothing was changed.","instance":"/x",
         "errors":[{"index":3,"field":"registeredOn","reason":"MOBILE_NUMBER does not fit a field of type int (date); it needs a string"}]}""";
  }

  /** {@code GET /api/catalog/v1/statistics} for October 2026, two departments. */
  static String statistics() {
    return """
        {"from":"2026-10-01","to":"2026-10-31","asOf":"2026-11-28T03:00:00Z","departments":[
         {"department":"civil-affairs","name":"民政局",
          "datasets":{"unconditional":1,"conditional":2,"notShared":1,"total":4,"sharedPercent":75.0},
          "requests":{"received":5,"approved":2,"rejected":1,"withdrawn":1,"overdue":2,
                      "medianDecisionWorkingDays":7.5},
          "usage":{"recordsPublished":150,"recordsDelivered":49,
                   "deliveredTo":[{"department":"human-resources","records":7},
                                  {"department":"public-security","records":42}],
                   "lookups":2,"lookupKeys":4,"verifications":1}},
         {"department":"public-security","name":"公安局",
          "datasets":{"unconditional":0,"conditional":0,"notShared":0,"total":0,"sharedPercent":null},
          "requests":{"received":0,"approved":0,"rejected":0,"withdrawn":0,"overdue":0,
                      "medianDecisionWorkingDays":null},
          "usage":{"recordsPublished":0,"recordsDelivered":0,"deliveredTo":[],
                   "lookups":0,"lookupKeys":0,"verifications":0}}]}""";
  }

  /** {@code GET /api/catalog/v1/statistics/report?format=csv}: BOM, header, a row, totals. */
  static String statisticsReportCsv() {
    return "\uFEFFmonth,department,name,records published\r\n"
        + "2026-10,civil-affairs,民政局,150\r\n"
        + "2026-10,TOTAL,Total,150\r\n";
  }
}
