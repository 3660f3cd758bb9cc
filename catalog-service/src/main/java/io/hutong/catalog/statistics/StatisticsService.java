package io.hutong.catalog.statistics;

import io.hutong.catalog.access.WorkingDays;
import io.hutong.catalog.rules.Times;
import io.hutong.catalog.statistics.SharingStatistics.DepartmentFigures;
import io.hutong.catalog.statistics.SharingStatistics.MonthlyReport;
import io.hutong.catalog.statistics.SharingStatistics.Statistics;
import io.hutong.catalog.statistics.StatisticsRepository.Department;
import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.data.DatasetCode;
import io.hutong.schemas.identity.Caller;
import io.hutong.schemas.identity.HutongRole;
import io.hutong.service.audit.CallContext;
import io.hutong.service.failure.Refusal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sharing statistics (绩效评价): who may see which department's figures, and how each figure is added
 * up from the catalogue's tables and the usage counted from the audit events. Platform
 * administrators and auditors see every department; a data administrator sees their own only;
 * department systems see none.
 */
@Service
class StatisticsService {

  private final StatisticsRepository repository;
  private final WorkingDays workingDays;
  private final Clock clock;

  StatisticsService(StatisticsRepository repository, WorkingDays workingDays, Clock clock) {
    this.repository = repository;
    this.workingDays = workingDays;
    this.clock = clock;
  }

  /** The figures of {@code department} (all the caller may see when null) between two days. */
  @Transactional(readOnly = true)
  Statistics statistics(CallContext call, String department, String from, String to) {
    List<Department> departments = scope(call, department);
    Instant now = Times.now(clock);
    StatisticsPeriod period = StatisticsPeriod.of(from, to, today(now));
    call.concerning(null, resource(department, period));
    Map<String, DepartmentTally> tallies = tallies(period, now);
    return new Statistics(
        period.from(),
        period.to(),
        now,
        departments.stream().map(d -> figures(d, tallies)).toList());
  }

  /** The monthly report: a row per department the caller may see, and their totals. */
  @Transactional(readOnly = true)
  MonthlyReport report(CallContext call, String department, String month) {
    List<Department> departments = scope(call, department);
    StatisticsPeriod period = StatisticsPeriod.month(month);
    call.concerning(null, resource(department, period));
    Instant now = Times.now(clock);
    Map<String, DepartmentTally> tallies = tallies(period, now);
    DepartmentTally totals = new DepartmentTally();
    departments.forEach(d -> totals.add(tally(tallies, d.code())));
    return new MonthlyReport(
        month,
        period.from(),
        period.to(),
        now,
        departments.stream().map(d -> figures(d, tallies)).toList(),
        totals.figures(MonthlyReportCsv.TOTAL, "Total"));
  }

  /** Every department known, by code: the consumer columns of a report. */
  List<String> departmentCodes() {
    return repository.departments().stream().map(Department::code).toList();
  }

  /**
   * The departments the caller may see, narrowed to {@code department} when given: 403 for a
   * department system, and for a data administrator asking for another department; 404 for a
   * department that does not exist.
   */
  private List<Department> scope(CallContext call, String department) {
    if (department != null && !DatasetCode.isValidSegment(department)) {
      throw Refusal.invalid("department must be a department code, e.g. civil-affairs.");
    }
    Caller caller = call.caller();
    String wanted = department;
    boolean everyone =
        caller != null && (caller.has(HutongRole.PLATFORM_ADMIN) || caller.has(HutongRole.AUDITOR));
    if (!everyone) {
      if (caller == null || !caller.has(HutongRole.DATA_ADMIN)) {
        throw Refusal.forbidden(
            "Sharing statistics are for platform administrators, auditors and data"
                + " administrators.");
      }
      if (wanted != null && !caller.belongsTo(wanted)) {
        throw Refusal.forbidden(
            "Data administrators see the statistics of their own department ("
                + caller.department()
                + ") only.");
      }
      wanted = caller.department();
    }
    List<Department> known = repository.departments();
    if (wanted == null) {
      return known;
    }
    String code = wanted;
    List<Department> one = known.stream().filter(d -> d.code().equals(code)).toList();
    if (one.isEmpty()) {
      throw Refusal.notFound("Department " + code);
    }
    return one;
  }

  private static String resource(String department, StatisticsPeriod period) {
    return "statistics:"
        + (department == null ? "*" : department)
        + ":"
        + period.from()
        + ".."
        + period.to();
  }

  /** Adds up every figure of the period, per department. */
  private Map<String, DepartmentTally> tallies(StatisticsPeriod period, Instant now) {
    Map<String, DepartmentTally> tallies = new HashMap<>();
    for (var count : repository.activeDatasets()) {
      DepartmentTally t = tally(tallies, count.department());
      switch (count.kind()) {
        case "UNCONDITIONAL" -> t.unconditional += count.count();
        case "CONDITIONAL" -> t.conditional += count.count();
        default -> t.notShared += count.count();
      }
    }
    Instant start = period.start();
    Instant end = period.end();
    repository
        .received(start, end)
        .forEach(c -> tally(tallies, c.department()).received += c.count());
    for (var count : repository.decided(start, end)) {
      DepartmentTally t = tally(tallies, count.department());
      switch (count.kind()) {
        case "APPROVED" -> t.approved += count.count();
        case "REJECTED" -> t.rejected += count.count();
        case "WITHDRAWN" -> t.withdrawn += count.count();
        default -> {
          // PENDING requests have no decision time; nothing else exists
        }
      }
    }
    repository
        .overdue(start, end, now)
        .forEach(c -> tally(tallies, c.department()).overdue += c.count());
    for (var decision : repository.reviewed(start, end)) {
      tally(tallies, decision.provider())
          .decisionWorkingDays
          .add(workingDaysBetween(decision.requestedAt(), decision.decidedAt()));
    }
    for (var used : repository.usage(period.from(), period.to())) {
      DepartmentTally t = tally(tallies, used.provider());
      switch (AuditAction.valueOf(used.action())) {
        case RECORDS_PUBLISHED -> t.recordsPublished += used.records();
        case RECORDS_FETCHED, RECORDS_STREAMED ->
            t.deliveredTo.merge(used.department(), used.records(), Long::sum);
        case RECORD_LOOKED_UP -> {
          t.lookups += used.events();
          t.lookupKeys += used.keys();
        }
        case RECORD_VERIFIED -> t.verifications += used.events();
        default -> {
          // only the actions of UsageEvent.COUNTED are stored
        }
      }
    }
    return tallies;
  }

  /**
   * Working days from a request to its decision: the working days after the day requested, up to
   * and including the day decided (in the review zone). A decision on the day of the request takes
   * 0; one on the N-th working day after it takes N — the same count as the reply deadline (the end
   * of the N-th working day), so a decision within the allowed working days is on time.
   */
  long workingDaysBetween(Instant requested, Instant decided) {
    LocalDate day = requested.atZone(workingDays.zone()).toLocalDate();
    LocalDate last = decided.atZone(workingDays.zone()).toLocalDate();
    long count = 0;
    while (day.isBefore(last)) {
      day = day.plusDays(1);
      if (workingDays.isWorkingDay(day)) {
        count++;
      }
    }
    return count;
  }

  private static DepartmentFigures figures(
      Department department, Map<String, DepartmentTally> tallies) {
    return tally(tallies, department.code()).figures(department.code(), department.name());
  }

  private static DepartmentTally tally(Map<String, DepartmentTally> tallies, String department) {
    return tallies.computeIfAbsent(department, d -> new DepartmentTally());
  }

  private static LocalDate today(Instant now) {
    return LocalDate.ofInstant(now, ZoneOffset.UTC);
  }
}
