package io.hutong.e2e;

import static io.hutong.deploy.server.LocalIdentity.AUDITOR;
import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PLATFORM_ADMIN;
import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The platform's story as people live it, in a real headless Chromium through the gateway's {@code
 * /console/}, in Chinese, with Keycloak's real login page: a civil-affairs data administrator
 * registers a dataset, public security asks to read two of its fields and to verify a third, civil
 * affairs approves one to read and the one to verify; the auditor finds those steps, opens one and
 * watches the browser verify it against the signed log — and refuse a tampered copy; the auditor's
 * role limits hold in the page and against a forged form; logging out ends the session. Screenshots
 * of the main pages go to {@code target/screenshots}.
 */
class ConsoleBrowserIT {

  private static String origin;

  @BeforeAll
  static void platform() {
    origin = "http://localhost:" + E2ePlatform.get().gatewayPort();
  }

  @Test
  void aDatasetIsRegisteredRequestedApprovedAndAuditedInTheBrowser() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String name0 = "console-marriages-" + suffix;
    String code = "civil-affairs." + name0;
    String name = "婚姻登记（控制台）" + suffix;

    try (Browser admin = Browser.open(origin, "zh-CN").signIn(PLATFORM_ADMIN)) {
      ensureDepartment(admin, "civil-affairs", "民政局");
      ensureDepartment(admin, "public-security", "公安局");
      admin.screenshot("00-departments");
    }

    try (Browser civil = Browser.open(origin, "zh-CN").signIn(CIVIL_AFFAIRS_ADMIN)) {
      civil.screenshot("01-home");
      register(civil, name0, name);
      assertThat(civil.text(By.id("dataset-name"))).isEqualTo(name);
      assertThat(civil.text(By.id("dataset-sharing-type"))).isEqualTo("有条件共享");
      civil.screenshot("02-dataset");
    }

    try (Browser security = Browser.open(origin, "zh-CN").signIn(PUBLIC_SECURITY_ADMIN)) {
      security.go(
          "/console/catalog?q=" + URLEncoder.encode("控制台）" + suffix, StandardCharsets.UTF_8));
      security.waitFor(By.id("catalog-results"));
      security.screenshot("03-catalogue");
      security.driver().findElement(By.linkText(name)).click();
      security.waitFor(By.id("dataset-request-access")).click();
      security.waitFor(By.id("request-field-certificateNo")).click();
      security.driver().findElement(By.id("request-field-spouseName")).click();
      security.driver().findElement(By.id("request-verify-registeredOn")).click();
      security.driver().findElement(By.id("request-purpose")).sendKeys("核验婚姻状况，办理户籍业务");
      security.driver().findElement(By.id("request-submit")).click();
      security.waitFor(By.id("flash-done"));
    }

    try (Browser civil = Browser.open(origin, "zh-CN").signIn(CIVIL_AFFAIRS_ADMIN)) {
      civil.go("/console/access/incoming");
      WebElement request =
          civil.waitFor(By.cssSelector("[data-test=access-request][data-dataset='" + code + "']"));
      civil.screenshot("04-incoming");
      request.findElement(By.cssSelector("[data-test=approve-field-spouseName]")).click();
      assertThat(
              request
                  .findElement(By.cssSelector("[data-test=approve-verify-registeredOn]"))
                  .isSelected())
          .isTrue();
      request.findElement(By.cssSelector("[data-test=approve-button]")).click();
      civil.waitFor(By.id("flash-done"));
    }

    try (Browser auditor = Browser.open(origin, "zh-CN").signIn(AUDITOR)) {
      auditor.go("/console/audit?dataset=" + URLEncoder.encode(code, StandardCharsets.UTF_8));
      auditor.waitFor(By.id("audit-results"));
      List<String> actions =
          auditor.driver().findElements(By.cssSelector("[data-test=audit-row]")).stream()
              .map(row -> row.getAttribute("data-action"))
              .toList();
      assertThat(actions).contains("DATASET_REGISTERED", "ACCESS_REQUESTED", "ACCESS_APPROVED");
      auditor.screenshot("05-audit-search");

      auditor
          .driver()
          .findElement(By.cssSelector("[data-test=audit-row][data-action=ACCESS_APPROVED]"))
          .findElement(By.cssSelector("[data-test=audit-open]"))
          .click();
      By verdict =
          By.cssSelector("#proof-result[data-state=verified], #proof-result[data-state=failed]");
      auditor.waitFor(verdict);
      assertThat(auditor.text(By.id("proof-result"))).startsWith("已验证");
      auditor.scrollTo(By.id("proof-panel"));
      auditor.screenshot("06-audit-verified");

      WebElement json = auditor.driver().findElement(By.id("event-json"));
      String original = json.getAttribute("value");
      String tampered = original.replace("\"civil-affairs-admin\"", "\"someone-else\"");
      assertThat(tampered).isNotEqualTo(original);
      ((JavascriptExecutor) auditor.driver())
          .executeScript("arguments[0].value = arguments[1];", json, tampered);
      auditor.driver().findElement(By.id("verify")).click();
      auditor.waitFor(By.cssSelector("#proof-result[data-state=failed]"));
      assertThat(auditor.text(By.id("proof-result"))).startsWith("未通过验证");
      auditor.screenshot("07-audit-not-verified");

      // Role limits: no approval queue in the navigation, none behind its address either, and a
      // forged approval refused.
      assertThat(auditor.present(By.id("nav-incoming"))).isFalse();
      auditor.go("/console/access/incoming");
      assertThat(auditor.present(By.cssSelector("[data-test=approve-button]"))).isFalse();
      Object forged =
          ((JavascriptExecutor) auditor.driver())
              .executeAsyncScript(
                  "const done = arguments[arguments.length - 1];"
                      + "fetch('/console/access/requests/00000000-0000-0000-0000-000000000000/approve',"
                      + " {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},"
                      + " body: 'fields=certificateNo', redirect: 'manual'})"
                      + ".then(r => done(r.status), e => done(String(e)));");
      assertThat(forged).isEqualTo(403L);

      auditor.go("/console/audit");
      auditor.waitFor(By.id("logout-button")).click();
      auditor.go("/console/audit");
      auditor.waitFor(By.id("username"));
    }
  }

  @Test
  void standardsAreSetQualityIsShownAndStatisticsAreDownloadedInTheBrowser() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String name0 = "console-quality-" + suffix;
    String code = "civil-affairs." + name0;

    try (Browser admin = Browser.open(origin, "zh-CN").signIn(PLATFORM_ADMIN)) {
      ensureDepartment(admin, "civil-affairs", "民政局");
    }
    try (Browser civil = Browser.open(origin, "zh-CN").signIn(CIVIL_AFFAIRS_ADMIN)) {
      register(civil, name0, "婚姻登记（质量）" + suffix);
      new Select(civil.waitFor(By.id("standard-field"))).selectByValue("spouseName");
      new Select(civil.driver().findElement(By.id("standard-kind"))).selectByValue("REQUIRED");
      civil.driver().findElement(By.id("standard-submit")).click();
      civil.waitFor(By.id("standards-saved"));
      assertThat(
              civil.present(
                  By.cssSelector(
                      "[data-test=standard][data-field=spouseName][data-kind=REQUIRED]")))
          .isTrue();
      civil.scrollTo(By.id("standards"));
      civil.screenshot("08-standards");
    }

    // The provider's system publishes ten records, two without a spouse name.
    E2ePlatform platform = E2ePlatform.get();
    List<Map<String, Object>> records = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      records.add(
          Map.of(
              "key",
              "B-" + i,
              "value",
              Map.of(
                  "certificateNo", "J-" + i,
                  "spouseName", i < 2 ? "" : "李" + i,
                  "registeredOn", "2026-11-0" + (1 + i % 9))));
    }
    E2ePlatform.eventually(
        r -> r.status() == 200,
        () ->
            platform.call(
                io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_SYSTEM,
                "POST",
                "/api/exchange/v1/datasets/" + code + "/records",
                Map.of("records", records)));
    E2ePlatform.eventually(
        r -> r.body().path("windows").path("last24Hours").path("records").asLong() == 10,
        () ->
            platform.call(
                PUBLIC_SECURITY_ADMIN,
                "GET",
                "/api/catalog/v1/datasets/" + code + "/quality",
                null));

    try (Browser security = Browser.open(origin, "zh-CN").signIn(PUBLIC_SECURITY_ADMIN)) {
      security.go("/console/catalog/datasets/" + code);
      security.waitFor(By.id("quality-counts"));
      assertThat(security.text(By.cssSelector("[data-test=quality-records]"))).contains("10");
      assertThat(security.text(By.id("quality-timeliness-status"))).isNotBlank();
      WebElement spouse =
          security
              .driver()
              .findElement(By.cssSelector("#quality-completeness-24h tr[data-field=spouseName]"));
      assertThat(spouse.getText()).contains("80");
      assertThat(security.present(By.id("standard-form"))).as("only the provider edits").isFalse();
      security.scrollTo(By.id("quality-counts"));
      security.screenshot("09-quality");
    }

    try (Browser auditor = Browser.open(origin, "zh-CN").signIn(AUDITOR)) {
      auditor.go("/console/");
      auditor.waitFor(By.id("nav-statistics")).click();
      auditor.waitFor(By.id("statistics-table"));
      WebElement row =
          auditor.waitFor(
              By.cssSelector("[data-test=statistics-row][data-department=civil-affairs]"));
      assertThat(
              Long.parseLong(
                  row.findElement(By.cssSelector("[data-test=statistics-published]"))
                      .getText()
                      .trim()))
          .isGreaterThanOrEqualTo(10);
      auditor.screenshot("10-statistics");
      String href =
          auditor.driver().findElement(By.id("statistics-report-csv")).getAttribute("href");
      Object download =
          ((JavascriptExecutor) auditor.driver())
              .executeAsyncScript(
                  "const done = arguments[arguments.length - 1];"
                      + "fetch(arguments[0]).then(r => r.text().then(t =>"
                      + " done(r.status + ' ' + r.headers.get('Content-Disposition') + ' ' + t.slice(0, 400))),"
                      + " e => done(String(e)));",
                  href);
      assertThat(String.valueOf(download))
          .startsWith("200 attachment")
          .contains("hutong-sharing-report-")
          .contains("civil-affairs");
    }
  }

  /** Registers a department unless another test already did (the platform is shared). */
  private static void ensureDepartment(Browser browser, String code, String name) {
    browser.go("/console/admin/departments");
    browser.waitFor(By.id("departments"));
    if (!browser.present(By.cssSelector("[data-test=department][data-code='" + code + "']"))) {
      browser.waitFor(By.id("department-code")).sendKeys(code);
      browser.driver().findElement(By.id("department-name")).sendKeys(name);
      browser.driver().findElement(By.id("department-submit")).click();
      browser.waitFor(By.cssSelector("[data-test=department][data-code='" + code + "']"));
    }
  }

  private static void register(Browser browser, String codeName, String name) {
    browser.go("/console/datasets/new");
    browser.waitFor(By.id("dataset-code-input")).sendKeys(codeName);
    browser.driver().findElement(By.id("dataset-name-input")).sendKeys(name);
    browser.driver().findElement(By.id("dataset-description-input")).sendKeys("婚姻登记的结婚证信息");
    new Select(browser.driver().findElement(By.id("dataset-sharing-type-input")))
        .selectByValue("CONDITIONAL");
    browser.driver().findElement(By.id("dataset-legal-basis-input")).sendKeys("《婚姻登记条例》");
    browser.driver().findElement(By.id("schema-mode-rows")).click();
    String[][] fields = {
      {"certificateNo", "结婚证字号"}, {"spouseName", "配偶姓名"}, {"registeredOn", "登记日期"}
    };
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        browser.driver().findElement(By.id("field-add")).click();
      }
      browser.waitFor(By.id("field-name-" + i)).sendKeys(fields[i][0]);
      browser.driver().findElement(By.id("field-doc-" + i)).sendKeys(fields[i][1]);
    }
    browser.driver().findElement(By.id("register-submit")).click();
    browser.waitFor(By.id("dataset-name"));
  }
}
