package io.hutong.console.access;

import io.hutong.console.access.AccessViews.AccessRequest;
import io.hutong.console.access.AccessViews.Grant;
import io.hutong.console.gateway.Gateway;
import io.hutong.console.gateway.PageOf;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;

/** The catalogue's access-review calls, made as the signed-in data administrator. */
@Component
public class AccessApi {

  private static final String BASE = "/api/catalog/v1";

  private final Gateway gateway;

  AccessApi(Gateway gateway) {
    this.gateway = gateway;
  }

  AccessRequest request(
      String dataset, String purpose, List<String> fields, List<String> verifyFields) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("purpose", purpose);
    body.put("fields", fields);
    body.put("verifyFields", verifyFields);
    return gateway.post(
        uri -> uri.path(BASE + "/datasets/{code}/access-requests").build(dataset),
        body,
        AccessRequest.class);
  }

  /** A page of requests: {@code side} provider (to decide) or consumer (asked). */
  PageOf<AccessRequest> requests(String side, String status, int limit, String cursor) {
    return gateway.get(
        uri ->
            uri.path(BASE + "/access-requests")
                .queryParam("side", side)
                .queryParamIfPresent("status", Optional.ofNullable(status))
                .queryParam("limit", limit)
                .queryParamIfPresent("cursor", present(cursor))
                .build(),
        new ParameterizedTypeReference<PageOf<AccessRequest>>() {});
  }

  /**
   * Approves the chosen fields of each mode; {@code lookupQuota} is sent as given (null for no
   * quota) so that the catalogue, which owns the rule, refuses a bad one.
   */
  void approve(
      UUID id,
      List<String> fields,
      List<String> verifyFields,
      Long lookupQuota,
      Instant validUntil) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("fields", fields);
    body.put("verifyFields", verifyFields);
    body.put("lookupQuota", lookupQuota);
    body.put("validUntil", validUntil == null ? null : validUntil.toString());
    gateway.post(
        uri -> uri.path(BASE + "/access-requests/{id}/approve").build(id), body, String.class);
  }

  void reject(UUID id, String reason) {
    gateway.post(
        uri -> uri.path(BASE + "/access-requests/{id}/reject").build(id),
        Map.of("reason", reason == null ? "" : reason),
        String.class);
  }

  void withdraw(UUID id) {
    gateway.post(
        uri -> uri.path(BASE + "/access-requests/{id}/withdraw").build(id), Map.of(), String.class);
  }

  /** Grants where the person's department is provider or consumer; {@code state} live or all. */
  public PageOf<Grant> grants(String state, int limit, String cursor) {
    return gateway.get(
        uri ->
            uri.path(BASE + "/grants")
                .queryParam("state", state)
                .queryParam("limit", limit)
                .queryParamIfPresent("cursor", present(cursor))
                .build(),
        new ParameterizedTypeReference<PageOf<Grant>>() {});
  }

  /** One grant, looked up in the person's grants (the API has no single-grant read). */
  Optional<Grant> grant(UUID id) {
    String cursor = null;
    do {
      PageOf<Grant> page = grants("all", 500, cursor);
      for (Grant grant : page.items()) {
        if (grant.id().equals(id)) {
          return Optional.of(grant);
        }
      }
      cursor = page.nextCursor();
    } while (cursor != null);
    return Optional.empty();
  }

  void revoke(UUID id, String reason) {
    gateway.post(
        uri -> uri.path(BASE + "/grants/{id}/revoke").build(id),
        Map.of("reason", reason == null ? "" : reason),
        String.class);
  }

  private static Optional<String> present(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }
}
