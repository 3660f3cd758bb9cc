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
    return AccessRequest.open(
        "civil-affairs.marriage-registrations",
        "civil-affairs",
        "public-security",
        "identity checks",
        List.of(fields),
        AVAILABLE,
        "public-security-admin",
        NOW,
        NOW.plus(Duration.ofDays(14)));
  }

  @Test
  void approve_grantsOnlyTheApprovedSubset() {
    AccessRequest request = pending("husbandName", "wifeName");

    Grant grant = request.approve("civil-affairs-admin", List.of("wifeName"), null, NOW);

    assertThat(grant.fields()).containsExactly("wifeName");
    assertThat(grant.consumer()).isEqualTo("public-security");
    assertThat(request.status()).isEqualTo(RequestStatus.APPROVED);
    assertThat(request.grantId()).isEqualTo(grant.id());
  }

  @Test
  void approve_withoutFieldsGrantsEverythingRequested() {
    Grant grant = pending("husbandName", "wifeName").approve("a", null, null, NOW);

    assertThat(grant.fields()).containsExactly("husbandName", "wifeName");
  }

  @Test
  void approve_refusesFieldsThatWereNotRequested() {
    AccessRequest request = pending("husbandName");

    assertThatThrownBy(() -> request.approve("a", List.of("husbandName", "date"), null, NOW))
        .isInstanceOf(Refusal.class)
        .satisfies(e -> assertThat(((Refusal) e).kind()).isEqualTo(Refusal.Kind.UNPROCESSABLE))
        .hasMessageContaining("date");
    assertThat(request.status()).isEqualTo(RequestStatus.PENDING);
  }

  @Test
  void approve_refusesAValidUntilInThePast() {
    assertThatThrownBy(() -> pending("date").approve("a", null, NOW.minusSeconds(1), NOW))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("validUntil");
  }

  @Test
  void aDecidedRequestCannotBeDecidedAgain() {
    AccessRequest request = pending("date");
    request.reject("civil-affairs-admin", "no legal basis for this purpose", NOW);

    assertThatThrownBy(() -> request.approve("a", null, null, NOW))
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
                    "d.x", "d", "c", " ", List.of("date"), AVAILABLE, "u", NOW, null))
        .hasMessageContaining("purpose");
    assertThatThrownBy(
            () -> AccessRequest.open("d.x", "d", "c", "p", List.of(), AVAILABLE, "u", NOW, null))
        .hasMessageContaining("fields");
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
