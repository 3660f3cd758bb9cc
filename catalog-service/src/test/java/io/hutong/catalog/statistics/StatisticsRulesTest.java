package io.hutong.catalog.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.catalog.access.WorkingDays;
import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditEvents;
import io.hutong.schemas.audit.Outcome;
import io.hutong.schemas.identity.Caller;
import io.hutong.schemas.identity.HutongRole;
import io.hutong.service.failure.Refusal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules of the sharing statistics that need no database: periods, medians, what counts. */
class StatisticsRulesTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

  @Test
  void period_defaultsToThisMonthToToday_andTakesBothEndsInclusive() {
    assertThat(StatisticsPeriod.of(null, null, TODAY))
        .isEqualTo(new StatisticsPeriod(LocalDate.of(2026, 11, 1), TODAY));
    assertThat(StatisticsPeriod.of(null, "2026-02-14", TODAY))
        .isEqualTo(new StatisticsPeriod(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 14)));
    StatisticsPeriod day = StatisticsPeriod.of("2026-03-05", "2026-03-05", TODAY);
    assertThat(day.start()).isEqualTo(Instant.parse("2026-03-05T00:00:00Z"));
    assertThat(day.end()).isEqualTo(Instant.parse("2026-03-06T00:00:00Z"));
  }

  @Test
  void period_refusesBadDates_fromAfterTo_andMoreThan366Days() {
    for (String[] bad :
        new String[][] {
          {"2026-13-01", null},
          {"2026-02-30", null},
          {"26-01-01", null},
          {null, "today"},
          {"2026-05-02", "2026-05-01"},
          {"2025-01-01", "2026-01-02"}
        }) {
      assertThatThrownBy(() -> StatisticsPeriod.of(bad[0], bad[1], TODAY))
          .isInstanceOfSatisfying(
              Refusal.class, r -> assertThat(r.kind()).isEqualTo(Refusal.Kind.UNPROCESSABLE));
    }
    assertThat(StatisticsPeriod.of("2024-01-01", "2024-12-31", TODAY).to())
        .as("a leap year is 366 days")
        .isEqualTo(LocalDate.of(2024, 12, 31));
  }

  @Test
  void month_isTheWholeCalendarMonth_andOnlyYyyyMm() {
    assertThat(StatisticsPeriod.month("2024-02"))
        .isEqualTo(new StatisticsPeriod(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 29)));
    for (String bad : new String[] {null, "2024-2", "2024-13", "2024-02-01", "202402"}) {
      assertThatThrownBy(() -> StatisticsPeriod.month(bad)).isInstanceOf(Refusal.class);
    }
  }

  @Test
  void median_isTheMiddle_orTheMeanOfTheTwoMiddles_orNone() {
    assertThat(DepartmentTally.median(List.of())).isNull();
    assertThat(DepartmentTally.median(List.of(12L, 3L, 5L))).isEqualByComparingTo("5");
    assertThat(DepartmentTally.median(List.of(12L, 3L))).isEqualByComparingTo("7.5");
  }

  @Test
  void totals_addFiguresAndPoolDecisions() {
    DepartmentTally a = new DepartmentTally();
    a.unconditional = 1;
    a.notShared = 1;
    a.decisionWorkingDays.addAll(List.of(1L, 2L));
    a.deliveredTo.put("public-security", 5L);
    DepartmentTally b = new DepartmentTally();
    b.conditional = 2;
    b.decisionWorkingDays.add(9L);
    b.deliveredTo.put("public-security", 3L);
    b.deliveredTo.put("human-resources", 0L);

    var totals = new DepartmentTally().add(a).add(b).figures("TOTAL", "Total");

    assertThat(totals.datasets().total()).isEqualTo(4);
    assertThat(totals.datasets().sharedPercent()).isEqualByComparingTo("75.0");
    assertThat(totals.requests().medianDecisionWorkingDays()).isEqualByComparingTo("2");
    assertThat(totals.usage().deliveredTo())
        .as("departments without deliveries are left out")
        .containsExactly(new SharingStatistics.Delivery("public-security", 8));
    assertThat(totals.usage().recordsDelivered()).isEqualTo(8);
  }

  @Test
  void decisionTime_countsWorkingDaysAfterTheRequestUpToTheDecision_likeTheDeadline() {
    ZoneId shanghai = ZoneId.of("Asia/Shanghai");
    WorkingDays days =
        new WorkingDays(
            shanghai, Set.of(LocalDate.of(2026, 10, 1)), Set.of(LocalDate.of(2026, 9, 27)));
    StatisticsService service = new StatisticsService(null, days, Clock.systemUTC());
    Instant friday = LocalDate.of(2026, 9, 25).atTime(16, 0).atZone(shanghai).toInstant();

    assertThat(service.workingDaysBetween(friday, friday.plusSeconds(3600))).isZero();
    // Sat 26 (weekend), Sun 27 (make-up working day), Mon 28
    assertThat(
            service.workingDaysBetween(
                friday, LocalDate.of(2026, 9, 28).atTime(9, 0).atZone(shanghai).toInstant()))
        .isEqualTo(2);
    // ... Tue 29, Wed 30, Thu 1 October (holiday), Fri 2
    assertThat(
            service.workingDaysBetween(
                friday, LocalDate.of(2026, 10, 2).atTime(9, 0).atZone(shanghai).toInstant()))
        .isEqualTo(5);
    Instant deadline = days.deadline(friday, 5);
    assertThat(service.workingDaysBetween(friday, deadline.minusSeconds(1))).isEqualTo(5);
    assertThat(service.workingDaysBetween(friday, deadline))
        .as("the deadline ends Friday 2 October; Saturday is no working day")
        .isEqualTo(5);
    assertThat(
            service.workingDaysBetween(
                friday, LocalDate.of(2026, 10, 5).atTime(9, 0).atZone(shanghai).toInstant()))
        .isEqualTo(6);
  }

  @Test
  void usage_countsOnlyAllowedUsageWithADatasetAndDepartment() {
    Instant time = Instant.parse("2026-11-27T23:30:00Z");
    AuditEvent lookup =
        event(AuditAction.RECORD_LOOKED_UP, Outcome.ALLOWED, "civil-affairs.marriages", time)
            .keys(List.of("a", "b", "a"))
            .build();

    UsageEvent counted = UsageEvent.of(lookup).orElseThrow();
    assertThat(counted.day()).as("the UTC day").isEqualTo(LocalDate.of(2026, 11, 27));
    assertThat(counted.provider()).isEqualTo("civil-affairs");
    assertThat(counted.department()).isEqualTo("public-security");
    assertThat(counted.keys()).isEqualTo(3);
    assertThat(counted.records()).isZero();

    assertThat(
            UsageEvent.of(
                event(AuditAction.RECORDS_FETCHED, Outcome.ALLOWED, "civil-affairs.marriages", time)
                    .recordCount(40L)
                    .build()))
        .hasValueSatisfying(u -> assertThat(u.records()).isEqualTo(40));
    assertThat(
            UsageEvent.of(
                event(AuditAction.RECORDS_FETCHED, Outcome.DENIED, "civil-affairs.marriages", time)
                    .build()))
        .isEmpty();
    assertThat(
            UsageEvent.of(
                event(AuditAction.DATASET_READ, Outcome.ALLOWED, "civil-affairs.marriages", time)
                    .build()))
        .isEmpty();
    assertThat(
            UsageEvent.of(event(AuditAction.RECORDS_FETCHED, Outcome.ALLOWED, null, time).build()))
        .isEmpty();
    AuditEvent newer =
        event(AuditAction.RECORDS_FETCHED, Outcome.ALLOWED, "civil-affairs.marriages", time)
            .build();
    newer.setAction("SOMETHING_NEWER");
    assertThat(UsageEvent.of(newer)).as("an action this catalogue does not know").isEmpty();
  }

  @Test
  void csvCells_areQuotedWhenNeeded_andNeverAFormula() {
    assertThat(MonthlyReportCsv.cell("民政局")).isEqualTo("民政局");
    assertThat(MonthlyReportCsv.cell("a, b")).isEqualTo("\"a, b\"");
    assertThat(MonthlyReportCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(MonthlyReportCsv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(MonthlyReportCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(MonthlyReportCsv.cell("-12.5")).isEqualTo("-12.5");
    assertThat(MonthlyReportCsv.cell(null)).isEmpty();
  }

  private static AuditEvents.Builder event(
      AuditAction action, Outcome outcome, String dataset, Instant time) {
    return AuditEvents.by("exchange-service", time)
        .caller(
            new Caller(
                "public-security-system",
                "public-security",
                Set.of(HutongRole.DEPARTMENT_SYSTEM),
                true))
        .action(action, outcome)
        .dataset(dataset);
  }
}
