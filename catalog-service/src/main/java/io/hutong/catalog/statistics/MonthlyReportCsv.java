package io.hutong.catalog.statistics;

import io.hutong.catalog.statistics.SharingStatistics.Delivery;
import io.hutong.catalog.statistics.SharingStatistics.DepartmentFigures;
import io.hutong.catalog.statistics.SharingStatistics.MonthlyReport;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The monthly report as the CSV a platform office hands to its leadership: a header row, one row
 * per department, a totals row; UTF-8 with a byte order mark so that Excel shows Chinese department
 * names, RFC 4180 quoting and CRLF line ends. Text cells that a spreadsheet would take for a
 * formula are prefixed with an apostrophe. Records delivered are broken down in one column per
 * consumer department, so the header is the same for every report of a catalogue.
 */
final class MonthlyReportCsv {

  /** The department code of the totals row. */
  static final String TOTAL = "TOTAL";

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private MonthlyReportCsv() {}

  /** The file name of a month's report: {@code hutong-sharing-report-yyyy-MM.csv}. */
  static String fileName(String month) {
    return "hutong-sharing-report-" + month + ".csv";
  }

  /**
   * The report's bytes.
   *
   * @param consumers every department code, for the "delivered to" columns
   */
  static byte[] write(MonthlyReport report, List<String> consumers) {
    StringBuilder csv = new StringBuilder();
    List<String> header =
        new ArrayList<>(
            List.of(
                "month",
                "department",
                "name",
                "datasets unconditional",
                "datasets conditional",
                "datasets not shared",
                "datasets active",
                "shared %",
                "requests received",
                "requests approved",
                "requests rejected",
                "requests withdrawn",
                "requests overdue",
                "median decision working days",
                "records published",
                "records delivered"));
    consumers.forEach(c -> header.add("delivered to " + c));
    header.addAll(List.of("lookups", "lookup keys", "verifications"));
    line(csv, header);
    for (DepartmentFigures row : report.departments()) {
      line(csv, row(report.month(), row, consumers));
    }
    line(csv, row(report.month(), report.totals(), consumers));
    byte[] text = csv.toString().getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[BOM.length + text.length];
    System.arraycopy(BOM, 0, bytes, 0, BOM.length);
    System.arraycopy(text, 0, bytes, BOM.length, text.length);
    return bytes;
  }

  private static List<String> row(String month, DepartmentFigures f, List<String> consumers) {
    Map<String, Long> delivered =
        f.usage().deliveredTo().stream()
            .collect(Collectors.toMap(Delivery::department, Delivery::records));
    List<String> cells =
        new ArrayList<>(
            List.of(
                month,
                f.department(),
                f.name(),
                number(f.datasets().unconditional()),
                number(f.datasets().conditional()),
                number(f.datasets().notShared()),
                number(f.datasets().total()),
                decimal(f.datasets().sharedPercent()),
                number(f.requests().received()),
                number(f.requests().approved()),
                number(f.requests().rejected()),
                number(f.requests().withdrawn()),
                number(f.requests().overdue()),
                decimal(f.requests().medianDecisionWorkingDays()),
                number(f.usage().recordsPublished()),
                number(f.usage().recordsDelivered())));
    consumers.forEach(c -> cells.add(number(delivered.getOrDefault(c, 0L))));
    cells.addAll(
        List.of(
            number(f.usage().lookups()),
            number(f.usage().lookupKeys()),
            number(f.usage().verifications())));
    return cells;
  }

  private static String number(long value) {
    return Long.toString(value);
  }

  /** A decimal as plain digits; empty when there is none (no datasets, no decisions). */
  private static String decimal(BigDecimal value) {
    return value == null ? "" : value.toPlainString();
  }

  private static void line(StringBuilder csv, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        csv.append(',');
      }
      csv.append(cell(cells.get(i)));
    }
    csv.append("\r\n");
  }

  /** A cell quoted when needed, defused when a spreadsheet would read it as a formula. */
  static String cell(String value) {
    String text = value == null ? "" : value;
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !isNumber(text)) {
      text = "'" + text;
    }
    if (text.indexOf(',') >= 0
        || text.indexOf('"') >= 0
        || text.indexOf('\n') >= 0
        || text.indexOf('\r') >= 0) {
      return '"' + text.replace("\"", "\"\"") + '"';
    }
    return text;
  }

  private static boolean isNumber(String text) {
    return text.matches("-?\\d+(\\.\\d+)?");
  }
}
