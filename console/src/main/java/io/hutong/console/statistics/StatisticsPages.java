package io.hutong.console.statistics;

import io.hutong.console.catalog.CatalogApi;
import io.hutong.console.gateway.Gateway;
import io.hutong.console.security.ConsoleUser;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;

/**
 * Sharing statistics (绩效评价) for a month: what each department shares, how it reviews requests, and
 * how much of its data moved — and the monthly report as a CSV download for the platform office.
 * Platform administrators and auditors pick a department or see all; data administrators see their
 * own (the catalogue decides; the console only hides the picker). Every figure comes from the
 * catalogue's statistics API through the gateway, with the person's own token, so each view is
 * audited.
 */
@Controller
class StatisticsPages {

  private static final String API = "/api/catalog/v1/statistics";

  private final Gateway gateway;
  private final CatalogApi catalog;

  StatisticsPages(Gateway gateway, CatalogApi catalog) {
    this.gateway = gateway;
    this.catalog = catalog;
  }

  @GetMapping("/statistics")
  String statistics(
      @ModelAttribute("me") ConsoleUser me,
      @RequestParam(required = false) String month,
      @RequestParam(required = false) String department,
      Model model) {
    requireAllowed(me);
    YearMonth shown = month(month);
    String wanted = seesAll(me) ? blankToNull(department) : null;
    JsonNode answer =
        gateway.get(
            uri -> {
              var builder =
                  uri.path(API)
                      .queryParam("from", shown.atDay(1))
                      .queryParam("to", shown.atEndOfMonth());
              if (wanted != null) {
                builder.queryParam("department", wanted);
              }
              return builder.build();
            },
            JsonNode.class);
    model.addAttribute("month", shown.toString());
    model.addAttribute("department", wanted);
    model.addAttribute("seesAll", seesAll(me));
    model.addAttribute(
        "departments", seesAll(me) ? catalog.departments(500, null).items() : java.util.List.of());
    model.addAttribute("rows", StatisticsRow.rows(answer.path("departments")));
    model.addAttribute("asOf", asOf(answer.path("asOf")));
    return "statistics/index";
  }

  /** The month's report as the catalogue writes it (UTF-8 CSV with a BOM), as a download. */
  @GetMapping("/statistics/report.csv")
  void report(
      @ModelAttribute("me") ConsoleUser me,
      @RequestParam(required = false) String month,
      @RequestParam(required = false) String department,
      HttpServletResponse response)
      throws IOException {
    requireAllowed(me);
    YearMonth shown = month(month);
    String wanted = seesAll(me) ? blankToNull(department) : null;
    gateway.download(
        uri -> {
          var builder =
              uri.path(API + "/report").queryParam("month", shown).queryParam("format", "csv");
          if (wanted != null) {
            builder.queryParam("department", wanted);
          }
          return builder.build();
        },
        new Download(response, "hutong-sharing-report-" + shown + ".csv"));
  }

  /**
   * The response as a CSV attachment, begun only when the first byte arrives: a refusal of the
   * catalogue (which arrives before any byte) is then shown as the usual problem page, not saved as
   * a file.
   */
  private static final class Download extends OutputStream {
    private final HttpServletResponse response;
    private final String fileName;
    private OutputStream out;

    Download(HttpServletResponse response, String fileName) {
      this.response = response;
      this.fileName = fileName;
    }

    private OutputStream out() throws IOException {
      if (out == null) {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        out = response.getOutputStream();
      }
      return out;
    }

    @Override
    public void write(int b) throws IOException {
      out().write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out().write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
      if (out != null) {
        out.flush();
      }
    }
  }

  private static void requireAllowed(ConsoleUser me) {
    if (me == null || !(me.dataAdmin() || me.auditor() || me.platformAdmin())) {
      throw new AccessDeniedException("data administrators, auditors and platform administrators");
    }
  }

  private static boolean seesAll(ConsoleUser me) {
    return me.auditor() || me.platformAdmin();
  }

  /** The month asked for, the current (UTC) month when none; a 400 for one that is not yyyy-MM. */
  private static YearMonth month(String month) {
    if (month == null || month.isBlank()) {
      return YearMonth.now(ZoneOffset.UTC);
    }
    try {
      return YearMonth.parse(month.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("month must be yyyy-MM");
    }
  }

  private static java.time.Instant asOf(JsonNode value) {
    try {
      return java.time.Instant.parse(value.asString());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
