package io.hutong.catalog.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.service.failure.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessRequestTest {

  static final Instant NOW = Instant.parse("2026-11-20T02:00:00Z");
  static final List<String> AVAILABLE = List.of("certificateNo", "husbandName", "wifeName", "date");

  static AccessRequest pending(String... fields) {
    return pending(List.of(fields), List.of());
  }

  static AccessRequest pending(List<String> read, List<String> verify) {
    return AccessRequest.open(
        "civil-affairs.marriage-registrations",
        "civil-affairs",
        "public-security",
        "identity checks",
        read,
        verify,
        AVAILABLE,
        "public-security-admin",
        NOW,
        NOW.plus(Duration.ofDays(14)));
  }

  /** An approval of the given read fields (null: all requested), nothing else decided. */
  static Approval reading(List<String> fields, Instant until) {
    return new Approval(fields, null, null, until);
  }

  @Test
  void approve_grantsOnlyTheApprovedSubset() {
    AccessRequest request = pending("husbandName", "wifeName");

    Grant grant = request.approve("civil-affairs-admin", reading(List.of("wifeName"), null), NOW);

    assertThat(grant.fields()).containsExactly("wifeName");
    assertThat(grant.consumer()).isEqualTo("public-security");
    assertThat(request.status()).isEqualTo(RequestStatus.APPROVED);
    assertThat(request.grantId()).isEqualTo(grant.id());
  }

  @Test
  void approve_withoutFieldsGrantsEverythingRequested() {
    Grant grant = pending("husbandName", "wifeName").approve("a", Approval.asRequested(), NOW);

    assertThat(grant.fields()).containsExactly("husbandName", "wifeName");
  }

  @Test
  void approve_refusesFieldsThatWereNotRequested() {
    AccessRequest request = pending("husbandName");

    assertThatThrownBy(
            () -> request.approve("a", reading(List.of("husbandName", "date"), null), NOW))
        .isInstanceOf(Refusal.class)
        .satisfies(e -> assertThat(((Refusal) e).kind()).isEqualTo(Refusal.Kind.UNPROCESSABLE))
        .hasMessageContaining("date");
    assertThat(request.status()).isEqualTo(RequestStatus.PENDING);
  }

  @Test
  void approve_refusesAValidUntilInThePast() {
    assertThatThrownBy(() -> pending("date").approve("a", reading(null, NOW.minusSeconds(1)), NOW))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("validUntil");
  }

  @Test
  void aDecidedRequestCannotBeDecidedAgain() {
    AccessRequest request = pending("date");
    request.reject("civil-affairs-admin", "no legal basis for this purpose", NOW);

    assertThatThrownBy(() -> request.approve("a", Approval.asRequested(), NOW))
        .isInstanceOf(Refusal.class)
        .satisfies(e -> assertThat(((Refusal) e).kind()).isEqualTo(Refusal.Kind.CONFLICT));
    assertThatThrownBy(() -> request.reject("a", "again", NOW)).isInstanceOf(Refusal.class);
    assertThatThrownBy(() -> request.withdraw("a", NOW)).isInstanceOf(Refusal.class);
  }

  @Test
  void reject_requiresAReason() {
    AccessRequest request = pending("date");

    assertThatThrownBy(() -> request.reject("a", "  ", NOW)).isInstanceOf(Refusal.class);
    assertThat(request.status()).isEqualTo(RequestStatus.PENDING);
  }

  @Test
  void open_refusesFieldsTheDatasetDoesNotHave() {
    assertThatThrownBy(() -> pending("husbandName", "salary"))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("salary");
  }

  @Test
  void open_requiresPurposeAndFields() {
    assertThatThrownBy(
            () ->
                AccessRequest.open(
                    "d.x", "d", "c", " ", List.of("date"), List.of(), AVAILABLE, "u", NOW, null))
        .hasMessageContaining("purpose");
    assertThatThrownBy(
            () ->
                AccessRequest.open(
                    "d.x", "d", "c", "p", List.of(), null, AVAILABLE, "u", NOW, null))
        .hasMessageContaining("fields or verifyFields is required");
  }

  @Test
  void open_takesVerifyFieldsAloneOrBesideReadFields() {
    AccessRequest verifyOnly = pending(List.of(), List.of("certificateNo", "wifeName"));
    AccessRequest both = pending(List.of("date"), List.of("certificateNo", "certificateNo"));

    assertThat(verifyOnly.fields()).isEmpty();
    assertThat(verifyOnly.verifyFields()).containsExactly("certificateNo", "wifeName");
    assertThat(both.fields()).containsExactly("date");
    assertThat(both.verifyFields()).containsExactly("certificateNo");
  }

  @Test
  void open_refusesAFieldNamedInBothModes() {
    assertThatThrownBy(() -> pending(List.of("wifeName", "date"), List.of("wifeName")))
        .isInstanceOf(Refusal.class)
        .satisfies(e -> assertThat(((Refusal) e).kind()).isEqualTo(Refusal.Kind.UNPROCESSABLE))
        .hasMessageContaining("[wifeName]")
        .hasMessageContaining("both");
  }

  @Test
  void open_refusesVerifyFieldsTheDatasetDoesNotHave() {
    assertThatThrownBy(() -> pending(List.of("date"), List.of("salary")))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("verifyFields [salary]");
  }

  @Test
  void open_refusesANullFieldName() {
    assertThatThrownBy(() -> pending(List.of("date"), java.util.Arrays.asList("wifeName", null)))
        .isInstanceOf(Refusal.class)
        .satisfies(e -> assertThat(((Refusal) e).kind()).isEqualTo(Refusal.Kind.UNPROCESSABLE));
  }

  @Test
  void approve_narrowsEachModeSeparately_andRecordsTheQuota() {
    AccessRequest request =
        pending(List.of("husbandName", "wifeName"), List.of("certificateNo", "date"));

    Grant grant =
        request.approve(
            "civil-affairs-admin",
            new Approval(List.of("wifeName"), List.of("certificateNo"), 500, null),
            NOW);

    assertThat(grant.fields()).containsExactly("wifeName");
    assertThat(grant.verifyFields()).containsExactly("certificateNo");
    assertThat(grant.lookupQuota()).isEqualTo(500);
    assertThat(request.approvedFields()).containsExactly("wifeName");
    assertThat(request.approvedVerifyFields()).containsExactly("certificateNo");
    assertThat(request.lookupQuota()).isEqualTo(500);
  }

  @Test
  void approve_withoutListsGrantsBothModesAsRequested_withoutQuota() {
    Grant grant =
        pending(List.of("wifeName"), List.of("certificateNo"))
            .approve("a", Approval.asRequested(), NOW);

    assertThat(grant.fields()).containsExactly("wifeName");
    assertThat(grant.verifyFields()).containsExactly("certificateNo");
    assertThat(grant.lookupQuota()).isNull();
  }

  @Test
  void approve_mayGrantVerificationOnly() {
    Grant grant =
        pending(List.of("wifeName"), List.of("certificateNo"))
            .approve("a", new Approval(List.of(), null, null, null), NOW);

    assertThat(grant.fields()).isEmpty();
    assertThat(grant.verifyFields()).containsExactly("certificateNo");
  }

  @Test
  void approve_refusesToTurnAReadFieldIntoAVerifyField() {
    AccessRequest request = pending(List.of("wifeName"), List.of("certificateNo"));

    assertThatThrownBy(
            () -> request.approve("a", new Approval(null, List.of("wifeName"), null, null), NOW))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("verifyFields [wifeName] were not requested");
    assertThat(request.status()).isEqualTo(RequestStatus.PENDING);
  }

  @Test
  void approve_refusesNothingInEitherMode() {
    AccessRequest request = pending(List.of("wifeName"), List.of("certificateNo"));

    assertThatThrownBy(
            () -> request.approve("a", new Approval(List.of(), List.of(), null, null), NOW))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("at least one field");
  }

  @Test
  void approve_refusesAQuotaBelowOne() {
    AccessRequest request = pending("wifeName");

    for (int quota : new int[] {0, -5}) {
      assertThatThrownBy(() -> request.approve("a", new Approval(null, null, quota, null), NOW))
          .isInstanceOf(Refusal.class)
          .satisfies(e -> assertThat(((Refusal) e).kind()).isEqualTo(Refusal.Kind.UNPROCESSABLE))
          .hasMessageContaining("lookupQuota");
    }
    assertThat(request.status()).isEqualTo(RequestStatus.PENDING);
  }

  @Test
  void overdue_onlyWhenPendingPastTheDeadline() {
    AccessRequest request = pending("date");
    Instant after = NOW.plus(Duration.ofDays(15));

    assertThat(request.overdue(NOW)).isFalse();
    assertThat(request.overdue(after)).isTrue();
    request.withdraw("public-security-admin", after);
    assertThat(request.overdue(after)).isFalse();
  }
}
