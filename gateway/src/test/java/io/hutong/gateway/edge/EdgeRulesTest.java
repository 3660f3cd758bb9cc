package io.hutong.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EdgeRulesTest {

  private final EdgeRules rules = new EdgeRules(new HeaderLimits(6144, 100, 200, 1024));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/catalog/v1/datasets?q=%E5%A9%9A%E5%A7%BB&limit=50",
        "/api/catalog/v1/datasets/civil-affairs.marriage-registrations",
        "/api/exchange/v1/subscriptions/3f2c/records?max=10&cursor=AAEC-_x",
        "/api/catalog/v1/datasets?tags[]=a",
        "/docs",
        "http://localhost:8080/api/catalog/v1/me?x=1",
        "/api/catalog/v1/datasets/a.json%2E",
      })
  void ordinaryTargets_pass(String target) {
    assertThat(rules.checkTarget(target)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/catalog/v1/%ff", // not UTF-8
        "/api/catalog/v1/%C3%28", // invalid UTF-8 sequence
        "/api/catalog/v1/me?q=%ff", // not UTF-8 in the query
        "/api/catalog/v1/%zz", // not percent-encoding
        "/api/catalog/v1/%4", // truncated
        "/api/audit/v1/openapi/%2e%2e/events", // encoded dot-segment
        "/api/audit/v1/openapi/.%2E/events",
        "/api/audit/v1/openapi/../events", // plain dot-segment
        "/api/catalog/v1/./me",
        "/api/catalog%2fv1/me", // encoded slash
        "/api/catalog%5Cv1/me", // encoded backslash
        "/api/catalog/v1/me%00", // NUL
        "/api/catalog/v1/me?q=a%0Ab", // control character in the query
        "/api/catalog/v1/me?q=%7f",
        "/api/catalog/v1/m e", // raw space
        "/api/catalog/v1/\u5a5a", // raw non-ASCII
        "/api/catalog/v1/me#fragment",
        "/api/catalog\\v1/me",
        "*",
        "localhost:8080",
      })
  void hostileTargets_areRefusedWith400(String target) {
    EdgeRefusal refusal = rules.checkTarget(target);
    assertThat(refusal).as(target).isNotNull();
    assertThat(refusal.status()).isEqualTo(400);
    assertThat(refusal.type().toString()).isEqualTo("urn:hutong:problem:malformed-request");
    assertThat(refusal.detail()).doesNotContain(target);
    assertThat(refusal.targetTrusted()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"TRACE", "CONNECT", "PROPFIND", "get"})
  void methodsTheApiDoesNotUse_areRefusedWith405(String method) {
    EdgeRefusal refusal = rules.check(method, "/api/catalog/v1/me", new DefaultHttpHeaders());
    assertThat(refusal.status()).isEqualTo(405);
    assertThat(refusal.type().toString()).isEqualTo("urn:hutong:problem:method-not-allowed");
  }

  @Test
  void headerValues_mustBeVisibleAsciiWithinTheirLimitAndSingle() {
    assertThat(rules.check("GET", "/x", headers("Authorization", "Bearer abc.def-ghi_"))).isNull();
    assertThat(rules.check("GET", "/x", headers("X-Request-Id", "bad id <with> spaces")))
        .as("an unsafe but ASCII request id is replaced later, not refused")
        .isNull();

    assertThat(rules.check("GET", "/x", headers("Authorization", "Bearer caf\u00e9")).status())
        .isEqualTo(400);
    assertThat(rules.check("GET", "/x", headers("Idempotency-Key", "k\u00ff")).status())
        .isEqualTo(400);
    assertThat(rules.check("GET", "/x", headers("Last-Event-ID", "a\tb")).status()).isEqualTo(400);
    assertThat(rules.check("GET", "/x", headers("X-Request-Id", "x".repeat(101))).status())
        .isEqualTo(431);
    assertThat(
            rules
                .check("GET", "/x", headers("Authorization", "Bearer " + "a".repeat(6200)))
                .status())
        .isEqualTo(431);
    assertThat(rules.check("GET", "/x", headers("Idempotency-Key", "k".repeat(201))).status())
        .isEqualTo(431);

    HttpHeaders twice = new DefaultHttpHeaders().add("Authorization", "Bearer a");
    twice.add("Authorization", "Bearer b");
    assertThat(rules.check("GET", "/x", twice).status()).isEqualTo(400);
  }

  @Test
  void aContentTypeThatIsNoMediaType_isRefusedWith415() {
    assertThat(rules.check("POST", "/x", headers("Content-Type", "application/json"))).isNull();
    assertThat(
            rules.check(
                "PATCH",
                "/x",
                headers("Content-Type", "application/merge-patch+json; charset=utf-8")))
        .isNull();
    EdgeRefusal refusal = rules.check("POST", "/x", headers("Content-Type", "json"));
    assertThat(refusal.status()).isEqualTo(415);
    assertThat(refusal.type().toString()).isEqualTo("urn:hutong:problem:unsupported-media-type");
    assertThat(rules.check("POST", "/x", headers("Content-Type", "text/pl\u00e4in")).status())
        .isEqualTo(415);
  }

  @Test
  void equalMistakes_shareOneAuditReason() {
    assertThat(rules.checkTarget("/a/%ff").auditReason())
        .isEqualTo(rules.checkTarget("/b/c/%fe").auditReason())
        .isEqualTo("400 percent-encoding not UTF-8 in path");
  }

  private static HttpHeaders headers(String name, String value) {
    return new DefaultHttpHeaders(false).add(name, value);
  }
}
