package io.hutong.console;

import static io.hutong.console.TestLogins.auditor;
import static io.hutong.console.TestLogins.civilAffairsAdmin;
import static io.hutong.console.TestLogins.platformAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The console's pages against a stub gateway, logged in as each kind of person: what each role may
 * open and see, CSRF refusal of forged posts, the content security policy on every page, Chinese by
 * default and English on request, and the API's refusals shown in words.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(TestLogins.class)
class ConsoleWebTest {

  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; frame-ancestors 'none'; form-action 'self' http://localhost:8180";

  private static final StubGateway gateway = new StubGateway();

  @DynamicPropertySource
  static void gateway(DynamicPropertyRegistry registry) {
    registry.add("hutong.console.gateway-uri", gateway::uri);
    registry.add(
        "spring.security.oauth2.client.registration.keycloak.client-secret",
        () -> "generated-for-this-test-" + System.nanoTime());
  }

  @Autowired MockMvc mvc;

  @BeforeEach
  void catalogue() {
    gateway.reset();
    String base = "/api/catalog/v1";
    gateway
        .answer("GET", base + "/departments", ApiAnswers.departments())
        .answer("GET", base + "/datasets", ApiAnswers.searchPage())
        .answer("GET", base + "/datasets/" + ApiAnswers.DATASET_CODE, ApiAnswers.dataset())
        .answer(
            "GET", base + "/datasets/" + ApiAnswers.DATASET_CODE + "/schemas", ApiAnswers.schemas())
        .answer("GET", base + "/access-requests", ApiAnswers.pendingRequests())
        .answer("GET", base + "/grants", ApiAnswers.grants());
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void nobodySignedIn_isSentToKeycloakWithPkce() throws Exception {
    mvc.perform(get("/catalog"))
        .andExpect(status().isFound())
        .andExpect(redirectedUrl("/oauth2/authorization/keycloak"));

    String location =
        mvc.perform(get("/oauth2/authorization/keycloak"))
            .andExpect(status().isFound())
            .andReturn()
            .getResponse()
            .getRedirectedUrl();
    assertThat(location)
        .startsWith("http://localhost:8180/realms/hutong/protocol/openid-connect/auth")
        .contains("code_challenge_method=S256")
        .contains("client_id=hutong-console");
  }

  @Test
  void catalogue_isChineseByDefault_andCallsTheGatewayWithThePersonsToken() throws Exception {
    mvc.perform(get("/catalog").param("q", "婚姻").with(civilAffairsAdmin()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("数据资源目录")))
        .andExpect(content().string(containsString("婚姻登记信息")))
        .andExpect(content().string(containsString("有条件共享")))
        .andExpect(content().string(containsString("id=\"page-next\"")));

    StubGateway.Call search =
        gateway.calls().stream().filter(c -> c.path().contains("/datasets?")).findFirst().get();
    assertThat(search.authorization()).isEqualTo("Bearer " + TestLogins.ACCESS_TOKEN);
    assertThat(search.path()).contains("q=%E5%A9%9A%E5%A7%BB");
  }

  @Test
  void langEn_switchesToEnglish_andRemembersIt() throws Exception {
    mvc.perform(get("/catalog").param("lang", "en").with(civilAffairsAdmin()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("Data catalogue")))
        .andExpect(content().string(containsString("Shared on approval")))
        .andExpect(content().string(not(containsString("数据资源目录"))))
        .andExpect(cookie().value("hutong-lang", "en"));
  }

  @Test
  void datasetPage_showsSchemaDifferencesInWords() throws Exception {
    mvc.perform(get("/catalog/datasets/" + ApiAnswers.DATASET_CODE).with(civilAffairsAdmin()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("《婚姻登记条例》")))
        .andExpect(content().string(containsString("第 1 版 → 第 2 版")))
        .andExpect(content().string(containsString("新增字段")))
        .andExpect(content().string(containsString("id=\"dataset-edit\"")));
  }

  @Test
  void dataAdmin_seesTheQueueWithOverdueMarkingAndApproveButtons() throws Exception {
    mvc.perform(get("/access/incoming").with(civilAffairsAdmin()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("已逾期")))
        .andExpect(content().string(containsString("id=\"approve-" + ApiAnswers.REQUEST_ID)));
  }

  @Test
  void auditor_isRefusedTheQueue_andSeesNoApproveButtonOrDataAdminNavigation() throws Exception {
    mvc.perform(get("/access/incoming").with(auditor()))
        .andExpect(status().isForbidden())
        .andExpect(content().string(not(containsString("approve-button"))))
        .andExpect(header().string("Content-Security-Policy", CSP));

    mvc.perform(get("/").with(auditor()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("id=\"nav-audit\"")))
        .andExpect(content().string(not(containsString("id=\"nav-incoming\""))))
        .andExpect(content().string(not(containsString("id=\"nav-departments\""))));
    assertThat(gateway.calls()).isEmpty();
  }

  @Test
  void forgedPostWithoutCsrfToken_isRefusedAndNothingReachesTheApi() throws Exception {
    mvc.perform(
            post("/access/requests/" + ApiAnswers.REQUEST_ID + "/approve")
                .param("fields", "certificateNo")
                .with(civilAffairsAdmin()))
        .andExpect(status().isForbidden());

    assertThat(gateway.calls()).isEmpty();
  }

  @Test
  void approveWithCsrfToken_callsTheApiWithTheChosenFields() throws Exception {
    gateway.answer(
        "POST", "/api/catalog/v1/access-requests/" + ApiAnswers.REQUEST_ID + "/approve", "{}");

    mvc.perform(
            post("/access/requests/" + ApiAnswers.REQUEST_ID + "/approve")
                .param("fields", "certificateNo")
                .param("validUntil", "2027-12-31")
                .with(civilAffairsAdmin())
                .with(csrf()))
        .andExpect(status().isFound())
        .andExpect(redirectedUrl("/access/incoming"));

    StubGateway.Call approve = gateway.calls().getLast();
    assertThat(approve.method()).isEqualTo("POST");
    assertThat(approve.body()).contains("\"fields\":[\"certificateNo\"]").contains("2027-12-31T");
    assertThat(approve.authorization()).isEqualTo("Bearer " + TestLogins.ACCESS_TOKEN);
  }

  @Test
  void dataAdmin_decidesReadAndVerifyFieldsApartAndMaySetALookupQuota() throws Exception {
    mvc.perform(get("/access/incoming").with(civilAffairsAdmin()))
        .andExpect(status().isOk())
        .andExpect(
            content()
                .string(
                    containsString(
                        "id=\"approve-field-" + ApiAnswers.REQUEST_ID + "-certificateNo\"")))
        .andExpect(
            content()
                .string(
                    containsString("id=\"approve-verify-" + ApiAnswers.REQUEST_ID + "-wifeName\"")))
        .andExpect(content().string(containsString("批准仅核验的数据项")))
        .andExpect(
            content().string(containsString("id=\"approve-lookup-quota-" + ApiAnswers.REQUEST_ID)));
  }

  @Test
  void approve_sendsTheChosenVerifyFieldsAndTheQuota() throws Exception {
    gateway.answer(
        "POST", "/api/catalog/v1/access-requests/" + ApiAnswers.REQUEST_ID + "/approve", "{}");

    mvc.perform(
            post("/access/requests/" + ApiAnswers.REQUEST_ID + "/approve")
                .param("verifyFields", "wifeName")
                .param("lookupQuota", " 500 ")
                .with(civilAffairsAdmin())
                .with(csrf()))
        .andExpect(status().isFound())
        .andExpect(redirectedUrl("/access/incoming"));

    StubGateway.Call approve = gateway.calls().getLast();
    assertThat(approve.body())
        .contains("\"fields\":[]")
        .contains("\"verifyFields\":[\"wifeName\"]")
        .contains("\"lookupQuota\":500");
  }

  @Test
  void approve_withAQuotaThatIsNoNumber_sendsNothingAndSaysSo() throws Exception {
    mvc.perform(
            post("/access/requests/" + ApiAnswers.REQUEST_ID + "/approve")
                .param("fields", "certificateNo")
                .param("lookupQuota", "many")
                .with(civilAffairsAdmin())
                .with(csrf()))
        .andExpect(status().isFound())
        .andExpect(redirectedUrl("/access/incoming"))
        .andExpect(
            org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
                .attributeExists("notice"));

    assertThat(gateway.calls()).noneMatch(c -> c.method().equals("POST"));
  }

  @Test
  void approve_aQuotaOfZeroIsTheCataloguesToRefuse_andItsRefusalIsShown() throws Exception {
    gateway.answer(
        "POST",
        "/api/catalog/v1/access-requests/" + ApiAnswers.REQUEST_ID + "/approve",
        422,
        ApiAnswers.problem(422, "invalid-request", "lookupQuota must be a whole number from 1"));

    mvc.perform(
            post("/access/requests/" + ApiAnswers.REQUEST_ID + "/approve")
                .param("fields", "certificateNo")
                .param("lookupQuota", "0")
                .with(civilAffairsAdmin())
                .with(csrf()))
        .andExpect(status().isFound())
        .andExpect(
            org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
                .attributeExists("notice"));

    assertThat(gateway.calls().getLast().body()).contains("\"lookupQuota\":0");
  }

  @Test
  void requestForm_offersVerifyOnlyBesideRead_andSendsBothLists() throws Exception {
    mvc.perform(get("/access/request/" + ApiAnswers.DATASET_CODE).with(civilAffairsAdmin()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("id=\"request-field-wifeName\"")))
        .andExpect(content().string(containsString("id=\"request-verify-wifeName\"")))
        .andExpect(content().string(containsString("仅核验")));

    gateway.answer(
        "POST",
        "/api/catalog/v1/datasets/" + ApiAnswers.DATASET_CODE + "/access-requests",
        201,
        ApiAnswers.openedRequest());
    mvc.perform(
            post("/access/request/" + ApiAnswers.DATASET_CODE)
                .param("purpose", "核验婚姻状况")
                .param("fields", "certificateNo")
                .param("verifyFields", "wifeName")
                .with(civilAffairsAdmin())
                .with(csrf()))
        .andExpect(status().isFound())
        .andExpect(redirectedUrl("/access/outgoing"));

    assertThat(gateway.calls().getLast().body())
        .contains("\"fields\":[\"certificateNo\"]")
        .contains("\"verifyFields\":[\"wifeName\"]");
  }

  @Test
  void aRefusedRequest_keepsBothColumnsAsChosen() throws Exception {
    gateway.answer(
        "POST",
        "/api/catalog/v1/datasets/" + ApiAnswers.DATASET_CODE + "/access-requests",
        422,
        ApiAnswers.problem(
            422, "invalid-request", "fields [wifeName] are named in both fields and verifyFields"));

    mvc.perform(
            post("/access/request/" + ApiAnswers.DATASET_CODE)
                .param("purpose", "核验")
                .param("fields", "wifeName")
                .param("verifyFields", "wifeName")
                .with(civilAffairsAdmin())
                .with(csrf()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("named in both")))
        .andExpect(
            content()
                .string(
                    org.hamcrest.Matchers.matchesPattern(
                        "(?s).*id=\"request-verify-wifeName\"[^>]*checked.*")));
  }

  @Test
  void grants_showVerifyFieldsAndTheQuota() throws Exception {
    mvc.perform(get("/access/grants").with(civilAffairsAdmin()))
        .andExpect(status().isOk())
        .andExpect(
            content()
                .string(
                    org.hamcrest.Matchers.matchesPattern(
                        "(?s).*id=\"grant-verify-fields-"
                            + ApiAnswers.GRANT_ID
                            + "\"[^>]*>wifeName<.*")))
        .andExpect(content().string(containsString("每日 1,000 次查询或核验")));
  }

  @Test
  void aRefusalOfTheApi_isShownInWordsNextToTheFieldItNames() throws Exception {
    gateway.answer(
        "POST",
        "/api/catalog/v1/datasets",
        422,
        ApiAnswers.problem(
            422, "invalid-request", "legalBasis is required unless the dataset is unconditional."));

    mvc.perform(
            post("/datasets/new")
                .param("code", "civil-affairs.births")
                .param("name", "出生登记")
                .param("sharingType", "CONDITIONAL")
                .param("schemaMode", "rows")
                .param("fields[0].name", "certificateNo")
                .param("fields[0].type", "string")
                .with(civilAffairsAdmin())
                .with(csrf()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("data-field=\"legalBasis\"")))
        .andExpect(content().string(containsString("legalBasis is required")));

    StubGateway.Call register = gateway.calls().getLast();
    assertThat(register.body())
        .contains("\"code\":\"civil-affairs.births\"")
        .contains("certificateNo");
  }

  @Test
  void aServiceThatIsDown_givesAFriendlyPage_neverAStackTrace() throws Exception {
    gateway.answer(
        "GET",
        "/api/catalog/v1/datasets",
        503,
        ApiAnswers.problem(503, "service-unavailable", "catalog-service is not reachable."));

    mvc.perform(get("/catalog").with(civilAffairsAdmin()))
        .andExpect(status().isServiceUnavailable())
        .andExpect(content().string(containsString("平台的服务暂时不可用")))
        .andExpect(content().string(not(containsString("Exception"))))
        .andExpect(header().string("Content-Security-Policy", CSP));
  }

  @Test
  void theConsolesOwnErrors_renderALocalizedPage() throws Exception {
    mvc.perform(
            get("/error")
                .accept(org.springframework.http.MediaType.TEXT_HTML)
                .requestAttr(jakarta.servlet.RequestDispatcher.ERROR_STATUS_CODE, 403)
                .requestAttr(
                    jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI, "/access/incoming")
                .with(auditor()))
        .andExpect(status().isForbidden())
        .andExpect(content().string(containsString("您没有权限打开这个页面")))
        .andExpect(content().string(containsString("id=\"error-home\"")))
        .andExpect(content().string(not(containsString("Whitelabel"))));
  }

  @Test
  void revoke_asksForConfirmationFirst() throws Exception {
    mvc.perform(get("/access/grants/" + ApiAnswers.GRANT_ID + "/revoke").with(civilAffairsAdmin()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("id=\"revoke-confirm\"")))
        .andExpect(content().string(containsString("public-security")));
    assertThat(gateway.calls()).noneMatch(c -> c.method().equals("POST"));
  }

  @Test
  void platformAdmin_managesDepartments_butNotAccess() throws Exception {
    mvc.perform(get("/admin/departments").with(platformAdmin()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("民政局")));
    mvc.perform(get("/admin/departments").with(civilAffairsAdmin()))
        .andExpect(status().isForbidden());
    mvc.perform(get("/access/grants").with(platformAdmin())).andExpect(status().isForbidden());
  }

  @Test
  void auditSearch_filtersByRecordKey_andShowsKeysFieldsAndResult() throws Exception {
    gateway.answer("GET", "/api/audit/v1/events", ApiAnswers.auditPage());

    mvc.perform(
            get("/audit")
                .param("key", " " + ApiAnswers.RECORD_KEY + " ")
                .param("dataset", ApiAnswers.DATASET_CODE)
                .with(auditor()))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Security-Policy", CSP))
        .andExpect(content().string(containsString("记录键")))
        .andExpect(
            content()
                .string(
                    containsString(
                        "name=\"key\" id=\"audit-key\" data-test=\"audit-key\" maxlength=\"200\""
                            + " value=\""
                            + ApiAnswers.RECORD_KEY
                            + "\"")))
        .andExpect(content().string(containsString("核验记录")))
        .andExpect(content().string(containsString("按键查询记录")))
        // the searched key first, even when it is the fourth of a batch's five
        .andExpect(
            content()
                .string(
                    containsString(
                        "<code class=\"searched\">"
                            + ApiAnswers.RECORD_KEY
                            + "</code>, <code>110101199003070011</code>, <code>110101199003070022</code>"
                            + " <span class=\"muted\">（另有 2 个）</span>")))
        .andExpect(content().string(containsString("certificateNo, wifeName")))
        .andExpect(content().string(containsString("found 4; missing 110101199003070055")))
        .andExpect(content().string(containsString("wifeName: match; registeredOn: no match")))
        .andExpect(
            content()
                .string(
                    containsString(
                        "/audit/export?format=csv&amp;department=&amp;dataset="
                            + ApiAnswers.DATASET_CODE
                            + "&amp;key="
                            + ApiAnswers.RECORD_KEY)))
        .andExpect(content().string(not(containsString("??"))));

    StubGateway.Call search = gateway.calls().getLast();
    assertThat(search.path())
        .startsWith("/api/audit/v1/events?")
        .contains("key=" + ApiAnswers.RECORD_KEY)
        .contains("dataset=" + ApiAnswers.DATASET_CODE);
    assertThat(search.authorization()).isEqualTo("Bearer " + TestLogins.ACCESS_TOKEN);
  }

  @Test
  void auditSearch_withABlankKey_asksTheApiForNone() throws Exception {
    gateway.answer("GET", "/api/audit/v1/events", ApiAnswers.auditPage());

    mvc.perform(get("/audit").param("key", "  ").with(auditor())).andExpect(status().isOk());

    assertThat(gateway.calls().getLast().path()).doesNotContain("key=");
  }

  @Test
  void auditExport_passesTheRecordKeyOn() throws Exception {
    gateway.answer("GET", "/api/audit/v1/events/export", "[]");

    mvc.perform(
            get("/audit/export")
                .param("format", "jsonl")
                .param("key", ApiAnswers.RECORD_KEY)
                .with(auditor()))
        .andExpect(status().isOk());

    assertThat(gateway.calls().getLast().path())
        .startsWith("/api/audit/v1/events/export?format=jsonl")
        .contains("key=" + ApiAnswers.RECORD_KEY);
  }

  @Test
  void auditEvent_showsTheKeysFieldsAndResultOfAVerification_inEnglishToo() throws Exception {
    gateway.answer(
        "GET", "/api/audit/v1/events/" + ApiAnswers.VERIFICATION_ID, ApiAnswers.auditEntry());

    mvc.perform(
            get("/audit/events/" + ApiAnswers.VERIFICATION_ID).param("lang", "en").with(auditor()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("Record verified")))
        .andExpect(
            content()
                .string(
                    containsString(
                        "<td id=\"audit-event-keys\"><code>"
                            + ApiAnswers.RECORD_KEY
                            + "</code></td>")))
        .andExpect(
            content()
                .string(
                    containsString("<td id=\"audit-event-fields\">wifeName, registeredOn</td>")))
        .andExpect(
            content()
                .string(
                    containsString(
                        "<td id=\"audit-event-result\">wifeName: match; registeredOn: no match</td>")));
  }

  @Test
  void auditPages_areForAuditorsOnly() throws Exception {
    mvc.perform(get("/audit").param("key", ApiAnswers.RECORD_KEY).with(civilAffairsAdmin()))
        .andExpect(status().isForbidden());

    assertThat(gateway.calls()).isEmpty();
  }

  @Test
  void datasetPage_showsQualityForTheLast24HoursAnd30Days() throws Exception {
    gateway.answer(
        "GET",
        "/api/catalog/v1/datasets/" + ApiAnswers.DATASET_CODE + "/quality",
        ApiAnswers.quality());

    mvc.perform(get("/catalog/datasets/" + ApiAnswers.DATASET_CODE).with(civilAffairsAdmin()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("逾期未更新")))
        .andExpect(content().string(containsString("已逾期 0 天 21 小时 36 分钟")))
        .andExpect(content().string(containsString("最近 24 小时")))
        .andExpect(content().string(containsString("最近 30 天")))
        .andExpect(content().string(containsString("<td>93.0%</td>")))
        .andExpect(content().string(containsString("<td>91.5%</td>")))
        .andExpect(content().string(containsString("data-standard=\"ID_CARD\"")))
        // A kind the console knows is named in words; one it does not know, by its code.
        .andExpect(content().string(containsString("<td>必填</td>")))
        .andExpect(content().string(containsString("<td>ID_CARD</td>")))
        .andExpect(content().string(containsString("<td>4.0%</td>")))
        .andExpect(content().string(containsString("6 (6.0%)")))
        .andExpect(content().string(containsString("没有违反数据标准的记录")));
  }

  @Test
  void datasetPage_withoutQualityFigures_stillShowsTheDataset() throws Exception {
    mvc.perform(get("/catalog/datasets/" + ApiAnswers.DATASET_CODE).with(civilAffairsAdmin()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("《婚姻登记条例》")))
        .andExpect(content().string(containsString("暂时无法获取质量数据")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/catalog",
        "/catalog/datasets/" + ApiAnswers.DATASET_CODE,
        "/datasets/new",
        "/datasets/" + ApiAnswers.DATASET_CODE + "/edit",
        "/access/incoming",
        "/access/outgoing",
        "/access/grants",
        "/systems",
        "/no-such-page"
      })
  void everyPageCarriesTheStrictContentSecurityPolicy(String page) throws Exception {
    RequestPostProcessor person = civilAffairsAdmin();
    mvc.perform(get(page).with(person))
        .andExpect(header().string("Content-Security-Policy", CSP))
        .andExpect(content().string(not(containsString("style=\""))))
        .andExpect(content().string(not(containsString("onclick"))));
  }

  private static final String STANDARDS =
      "/api/catalog/v1/datasets/" + ApiAnswers.DATASET_CODE + "/standards";
  private static final String STANDARDS_PAGE =
      "/catalog/datasets/" + ApiAnswers.DATASET_CODE + "/standards";

  private void datasetWithStandards() {
    gateway
        .answer(
            "GET",
            "/api/catalog/v1/datasets/" + ApiAnswers.DATASET_CODE,
            ApiAnswers.datasetWithStandards())
        .answer("GET", STANDARDS, ApiAnswers.standards())
        .answer("PUT", STANDARDS, ApiAnswers.standards());
  }

  @Test
  void datasetPage_listsTheStandardsPerField_readOnlyForOthers() throws Exception {
    datasetWithStandards();

    mvc.perform(get("/catalog/datasets/" + ApiAnswers.DATASET_CODE).with(auditor()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("id=\"standards\"")))
        .andExpect(
            content()
                .string(
                    containsString("data-field=\"certificateNo\" data-kind=\"RESIDENT_IDENTITY\"")))
        .andExpect(content().string(containsString("公民身份号码（GB 11643）")))
        .andExpect(content().string(containsString("1 – 50")))
        .andExpect(content().string(containsString("含有不符合标准数据的批次将被拒收")))
        .andExpect(content().string(not(containsString("id=\"standard-form\""))))
        .andExpect(content().string(not(containsString("standard-remove"))));
  }

  @Test
  void datasetPage_givesTheProvidersDataAdminTheStandardsForms() throws Exception {
    datasetWithStandards();

    mvc.perform(get("/catalog/datasets/" + ApiAnswers.DATASET_CODE).with(civilAffairsAdmin()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("id=\"standard-form\"")))
        .andExpect(content().string(containsString("id=\"standards-mode-form\"")))
        .andExpect(content().string(containsString("data-test=\"standard-remove\"")))
        .andExpect(content().string(containsString("<option value=\"ADMINISTRATIVE_DIVISION\"")));
  }

  @Test
  void datasetPage_withoutStandards_saysSoAndMeasures() throws Exception {
    mvc.perform(get("/catalog/datasets/" + ApiAnswers.DATASET_CODE).with(auditor()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("id=\"standards-none\"")))
        .andExpect(content().string(containsString("data-mode=\"MEASURE\"")));
  }

  @Test
  void addingAStandard_sendsTheWholeSetWithTheNewOneOnTheCurrentVersion() throws Exception {
    datasetWithStandards();

    mvc.perform(
            post(STANDARDS_PAGE)
                .param("field", "wifeName")
                .param("kind", "CODE_LIST")
                .param("codes", "甲, 乙\n丙")
                .param("pattern", " ")
                .with(civilAffairsAdmin())
                .with(csrf()))
        .andExpect(status().isFound())
        .andExpect(redirectedUrl("/catalog/datasets/" + ApiAnswers.DATASET_CODE + "#standards"))
        .andExpect(flash().attribute("standardsSaved", true));

    StubGateway.Call put = gateway.calls().getLast();
    assertThat(put.method()).isEqualTo("PUT");
    assertThat(put.authorization()).isEqualTo("Bearer " + TestLogins.ACCESS_TOKEN);
    assertThat(put.body())
        .contains("\"violationMode\":\"REJECT\"")
        .contains("{\"schemaVersion\":1,\"field\":\"certificateNo\",\"kind\":\"PATTERN\"")
        .contains(
            "{\"schemaVersion\":2,\"field\":\"wifeName\",\"kind\":\"CODE_LIST\",\"pattern\":null,"
                + "\"min\":null,\"max\":null,\"codes\":[\"甲\",\"乙\",\"丙\"]}");
  }

  @Test
  void removingAStandardAndChangingTheMode_keepEverythingElse() throws Exception {
    datasetWithStandards();

    mvc.perform(
            post(STANDARDS_PAGE + "/remove")
                .param("field", "certificateNo")
                .param("kind", "RESIDENT_IDENTITY")
                .with(civilAffairsAdmin())
                .with(csrf()))
        .andExpect(status().isFound());
    String removed = gateway.calls().getLast().body();
    assertThat(removed)
        .doesNotContain("RESIDENT_IDENTITY")
        .contains("\"kind\":\"PATTERN\"")
        .contains("\"kind\":\"LENGTH\"");

    mvc.perform(
            post(STANDARDS_PAGE + "/mode")
                .param("violationMode", "MEASURE")
                .with(civilAffairsAdmin())
                .with(csrf()))
        .andExpect(status().isFound());
    String measured = gateway.calls().getLast().body();
    assertThat(measured).contains("\"violationMode\":\"MEASURE\"").contains("RESIDENT_IDENTITY");
  }

  @Test
  void aRefusedStandard_isShownWithItsFieldAndTheFormAsFilledIn() throws Exception {
    datasetWithStandards();
    gateway.answer("PUT", STANDARDS, 422, ApiAnswers.standardRefused());

    var flash =
        mvc.perform(
                post(STANDARDS_PAGE)
                    .param("field", "registeredOn")
                    .param("kind", "MOBILE_NUMBER")
                    .with(civilAffairsAdmin())
                    .with(csrf()))
            .andExpect(status().isFound())
            .andExpect(flash().attributeExists("standardsNotice"))
            .andReturn()
            .getFlashMap();

    mvc.perform(
            get("/catalog/datasets/" + ApiAnswers.DATASET_CODE)
                .flashAttrs(flash)
                .with(civilAffairsAdmin()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("填写的内容不符合要求")))
        .andExpect(content().string(containsString("registeredOn")))
        .andExpect(
            content()
                .string(containsString("MOBILE_NUMBER does not fit a field of type int (date)")))
        .andExpect(
            content()
                .string(containsString("<option value=\"MOBILE_NUMBER\" selected=\"selected\"")))
        .andExpect(content().string(not(containsString("id=\"standards-saved\""))));
  }

  @Test
  void someoneWhoDoesNotAdministerTheProvider_cannotChangeStandards() throws Exception {
    datasetWithStandards();

    mvc.perform(
            post(STANDARDS_PAGE + "/mode")
                .param("violationMode", "MEASURE")
                .with(auditor())
                .with(csrf()))
        .andExpect(status().isForbidden());

    assertThat(gateway.calls()).noneMatch(c -> c.method().equals("PUT"));
  }

  @Test
  void statistics_auditorPicksADepartmentOrAll_andSeesEveryFigure() throws Exception {
    gateway.answer("GET", "/api/catalog/v1/statistics", ApiAnswers.statistics());

    mvc.perform(get("/statistics").param("month", "2026-10").with(auditor()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("id=\"statistics-department\"")))
        .andExpect(content().string(containsString("data-department=\"civil-affairs\"")))
        .andExpect(content().string(containsString("75.0%")))
        .andExpect(content().string(containsString("<td data-test=\"statistics-median\">7.5</td>")))
        .andExpect(content().string(containsString("交付给 public-security：42")))
        .andExpect(
            content()
                .string(
                    containsString(
                        "href=\"/statistics/report.csv?month=2026-10&amp;department=\"")));
    assertThat(gateway.calls())
        .extracting(StubGateway.Call::path)
        .contains("/api/catalog/v1/statistics?from=2026-10-01&to=2026-10-31");

    mvc.perform(
            get("/statistics")
                .param("month", "2026-10")
                .param("department", "civil-affairs")
                .with(platformAdmin()))
        .andExpect(status().isOk());
    assertThat(gateway.calls())
        .extracting(StubGateway.Call::path)
        .contains(
            "/api/catalog/v1/statistics?from=2026-10-01&to=2026-10-31&department=civil-affairs");
  }

  @Test
  void statistics_dataAdminSeesTheirOwn_withoutAPicker_andSystemsAreRefused() throws Exception {
    gateway.answer("GET", "/api/catalog/v1/statistics", ApiAnswers.statistics());

    mvc.perform(
            get("/statistics")
                .param("month", "2026-10")
                .param("department", "public-security")
                .with(civilAffairsAdmin()))
        .andExpect(status().isOk())
        .andExpect(content().string(containsString("id=\"nav-statistics\"")))
        .andExpect(content().string(not(containsString("id=\"statistics-department\""))));
    assertThat(gateway.calls().getLast().path())
        .as("the department asked for is not passed on: the catalogue answers their own")
        .isEqualTo("/api/catalog/v1/statistics?from=2026-10-01&to=2026-10-31");

    gateway.reset();
    mvc.perform(
            get("/statistics")
                .with(
                    TestLogins.person(
                        "civil-affairs-system",
                        "civil-affairs",
                        io.hutong.schemas.identity.HutongRole.DEPARTMENT_SYSTEM)))
        .andExpect(status().isForbidden());
    assertThat(gateway.calls()).isEmpty();
  }

  @Test
  void statisticsReport_streamsTheCatalogueCsvAsADownload() throws Exception {
    gateway.answer("GET", "/api/catalog/v1/statistics/report", ApiAnswers.statisticsReportCsv());

    byte[] body =
        mvc.perform(get("/statistics/report.csv").param("month", "2026-10").with(auditor()))
            .andExpect(status().isOk())
            .andExpect(header().string("Content-Type", "text/csv;charset=UTF-8"))
            .andExpect(
                header()
                    .string(
                        "Content-Disposition",
                        "attachment; filename=\"hutong-sharing-report-2026-10.csv\""))
            .andReturn()
            .getResponse()
            .getContentAsByteArray();

    assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(ApiAnswers.statisticsReportCsv());
    assertThat(body).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
    assertThat(gateway.calls().getLast().path())
        .isEqualTo("/api/catalog/v1/statistics/report?month=2026-10&format=csv");
  }

  @Test
  void statisticsReport_aRefusalOfTheCatalogueIsShownInWords() throws Exception {
    gateway.answer(
        "GET",
        "/api/catalog/v1/statistics/report",
        403,
        ApiAnswers.problem(403, "forbidden", "Data administrators see their own department only."));

    mvc.perform(get("/statistics/report.csv").param("month", "2026-10").with(civilAffairsAdmin()))
        .andExpect(status().isForbidden());
  }
}
