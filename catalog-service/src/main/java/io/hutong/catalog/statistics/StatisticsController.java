package io.hutong.catalog.statistics;

import io.hutong.catalog.statistics.SharingStatistics.MonthlyReport;
import io.hutong.catalog.statistics.SharingStatistics.Statistics;
import io.hutong.schemas.audit.AuditAction;
import io.hutong.service.audit.Audited;
import io.hutong.service.audit.CallContext;
import io.hutong.service.failure.Refusal;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/catalog/v1/statistics}: sharing statistics per department, and the monthly report as
 * CSV or JSON. Every call is audited as {@code STATISTICS_READ}, allowed or refused.
 */
@RestController
@RequestMapping("/api/catalog/v1/statistics")
class StatisticsController {

  private static final MediaType CSV =
      new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);

  private final StatisticsService statistics;

  StatisticsController(StatisticsService statistics) {
    this.statistics = statistics;
  }

  @GetMapping
  @Audited(AuditAction.STATISTICS_READ)
  Statistics statistics(
      CallContext call,
      @RequestParam(required = false) String department,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    return statistics.statistics(call, department, from, to);
  }

  @GetMapping("/report")
  @Audited(AuditAction.STATISTICS_READ)
  ResponseEntity<?> report(
      CallContext call,
      @RequestParam(required = false) String month,
      @RequestParam(required = false) String format,
      @RequestParam(required = false) String department) {
    boolean csv = format == null || format.equals("csv");
    if (!csv && !format.equals("json")) {
      throw Refusal.invalid("format must be csv (default) or json.");
    }
    MonthlyReport report = statistics.report(call, department, month);
    if (!csv) {
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
    }
    return ResponseEntity.ok()
        .contentType(CSV)
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename(MonthlyReportCsv.fileName(report.month()))
                .build()
                .toString())
        .body(MonthlyReportCsv.write(report, statistics.departmentCodes()));
  }
}
