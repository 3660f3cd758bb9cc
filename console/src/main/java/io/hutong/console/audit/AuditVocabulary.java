package io.hutong.console.audit;

import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.audit.Outcome;
import java.util.Arrays;
import java.util.List;

/**
 * The words the audit pages filter by and show: every action of the contract and every outcome,
 * each with a message key ({@code audit.action.<NAME>}, {@code audit.outcome.<NAME>}) so the
 * auditor reads "批准访问申请", not {@code ACCESS_APPROVED}.
 */
final class AuditVocabulary {

  static final List<String> ACTIONS = Arrays.stream(AuditAction.values()).map(Enum::name).toList();

  static final List<String> OUTCOMES = Arrays.stream(Outcome.values()).map(Enum::name).toList();

  private AuditVocabulary() {}
}
