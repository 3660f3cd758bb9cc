package io.hutong.catalog.department;

import io.hutong.catalog.rules.Text;
import io.hutong.schemas.data.DatasetCode;
import io.hutong.service.failure.Refusal;
import java.time.Instant;

/** A government department known to the exchange: the unit that provides and consumes data. */
public record Department(String code, String name, Instant createdAt, String createdBy) {

  /** Validates a new department; refusals name the broken rule. */
  static Department register(String code, String name, Instant now, String by) {
    if (!DatasetCode.isValidSegment(code)) {
      throw Refusal.invalid(
          "Department code '" + code + "' must match " + DatasetCode.SEGMENT.pattern() + ".");
    }
    Text.line("name", name);
    if (name == null || name.isBlank() || name.length() > 200) {
      throw Refusal.invalid("Department name is required (at most 200 characters).");
    }
    return new Department(code, name.strip(), now, by);
  }
}
