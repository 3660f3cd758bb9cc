package io.hutong.console.audit;

import io.hutong.console.gateway.Gateway;
import io.hutong.console.security.ConsoleUser;
import io.hutong.console.web.Display;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import tools.jackson.databind.JsonNode;

/**
 * The auditor's pages: search the audit log with every filter the API has (newest first, paged by
 * cursor) — including a record key, to answer "who looked at this person's record, when, and what
 * did they learn" — open one event, download an export, and let the browser verify the event's
 * place in the signed log. Every call goes through the gateway with the auditor's own token, so
 * each search is itself an audited query; the console only relays what the audit API answers — the
 * verification happens in the browser ({@code static/js/proof.js}), not here.
 */
@Controller
class AuditPages {

  /**
   * The filters of {@code GET /api/audit/v1/events}, in the order the form shows them; {@code key}
   * finds every lookup and verification that named one record.
   */
  static final List<String> FILTERS =
      List.of("department", "dataset", "key", "actor", "action", "outcome", "from", "to");

  private static final Set<String> EXPORT_FORMATS = Set.of("csv", "jsonl");
  private static final int PAGE = 50;

  private final Gateway gateway;
  private final Display display;

  AuditPages(Gateway gateway, Display display) {
    this.gateway = gateway;
    this.display = display;
  }

  @GetMapping("/audit")
  String search(
      @ModelAttribute("me") ConsoleUser me, @RequestParam Map<String, String> params, Model model) {
    requireAuditor(me);
    Map<String, String> filters = filters(params);
    String cursor = params.get("cursor");
    JsonNode page =
        gateway.get(
            uri -> {
              var builder = uri.path("/api/audit/v1/events").queryParam("limit", PAGE);
              apiFilters(filters).forEach(builder::queryParam);
              if (cursor != null && !cursor.isBlank()) {
                builder.queryParam("cursor", cursor);
              }
              return builder.build();
            },
            JsonNode.class);
    model.addAttribute("filters", filters);
    model.addAttribute("items", AuditRow.rows(page.path("items")));
    model.addAttribute(
        "nextCursor",
        page.path("nextCursor").isString() ? page.path("nextCursor").asString() : null);
    model.addAttribute("actions", AuditVocabulary.ACTIONS);
    model.addAttribute("outcomes", AuditVocabulary.OUTCOMES);
    return "audit/search";
  }

  @GetMapping("/audit/events/{id}")
  String event(@ModelAttribute("me") ConsoleUser me, @PathVariable String id, Model model) {
    requireAuditor(me);
    JsonNode entry =
        gateway.get(uri -> uri.path("/api/audit/v1/events/{id}").build(id), JsonNode.class);
    model.addAttribute("id", id);
    model.addAttribute("entry", AuditRow.of(entry));
    model.addAttribute("eventJson", entry.path("event").toPrettyString());
    model.addAttribute(
        "cleared", entry.path("event").isNull() || entry.path("event").isMissingNode());
    return "audit/event";
  }

  /**
   * The evidence the browser checks the event against, exactly as the audit API gives it: the
   * current signed tree head, the inclusion proof for that head's size, and the trusted keys.
   */
  @GetMapping(value = "/audit/events/{id}/evidence", produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  String evidence(@ModelAttribute("me") ConsoleUser me, @PathVariable String id) {
    requireAuditor(me);
    JsonNode head = gateway.get(uri -> uri.path("/api/audit/v1/tree-head").build(), JsonNode.class);
    long size = head.path("size").asLong();
    String proof =
        gateway.get(
            uri ->
                uri.path("/api/audit/v1/events/{id}/proof").queryParam("treeSize", size).build(id),
            String.class);
    String keys = gateway.get(uri -> uri.path("/api/audit/v1/signing-keys").build(), String.class);
    return "{\"treeHead\":" + head + ",\"proof\":" + proof + ",\"signingKeys\":" + keys + "}";
  }

  /** The API's export (CSV or JSON Lines, oldest first) for the same filters, as a download. */
  @GetMapping("/audit/export")
  void export(
      @ModelAttribute("me") ConsoleUser me,
      @RequestParam(defaultValue = "jsonl") String format,
      @RequestParam Map<String, String> params,
      HttpServletResponse response)
      throws IOException {
    requireAuditor(me);
    if (!EXPORT_FORMATS.contains(format)) {
      throw new IllegalArgumentException("format must be csv or jsonl");
    }
    Map<String, String> filters = apiFilters(filters(params));
    response.setContentType(format.equals("csv") ? "text/csv;charset=UTF-8" : "application/jsonl");
    response.setHeader(
        "Content-Disposition", "attachment; filename=\"hutong-audit." + format + "\"");
    gateway.download(
        uri -> {
          var builder = uri.path("/api/audit/v1/events/export").queryParam("format", format);
          filters.forEach(builder::queryParam);
          return builder.build();
        },
        response.getOutputStream());
  }

  private static void requireAuditor(ConsoleUser me) {
    if (me == null || !me.auditor()) {
      throw new AccessDeniedException("auditors only");
    }
  }

  /** The form's filters that hold a value, trimmed. */
  private static Map<String, String> filters(Map<String, String> params) {
    Map<String, String> filters = new LinkedHashMap<>();
    for (String name : FILTERS) {
      String value = params.get(name);
      if (value != null && !value.isBlank()) {
        filters.put(name, value.strip());
      }
    }
    return filters;
  }

  /**
   * The filters as the API takes them: {@code from}/{@code to} come from the form as local date and
   * time in the person's zone and go to the API as instants; a value that is not one is passed on
   * unchanged, for the API to refuse in words.
   */
  private Map<String, String> apiFilters(Map<String, String> filters) {
    Map<String, String> api = new LinkedHashMap<>(filters);
    for (String name : List.of("from", "to")) {
      String value = api.get(name);
      if (value != null) {
        api.put(name, instant(value));
      }
    }
    return api;
  }

  private String instant(String local) {
    try {
      Instant instant = LocalDateTime.parse(local).atZone(display.zone()).toInstant();
      return instant.toString();
    } catch (DateTimeParseException notLocal) {
      return local;
    }
  }
}
