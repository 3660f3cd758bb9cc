package io.hutong.audit.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the audit service, under {@code hutong.audit}.
 *
 * @param ingest how events are consumed from {@code hutong.audit.events}
 * @param signing the Ed25519 key that signs tree heads
 * @param retention how long entry bodies are kept
 */
@Validated
@ConfigurationProperties("hutong.audit")
public record AuditProperties(
    @Valid @NotNull @DefaultValue Ingest ingest,
    @Valid @NotNull Signing signing,
    @Valid @NotNull @DefaultValue Retention retention) {

  /**
   * Ingest.
   *
   * @param groupId Kafka consumer group of the ingest
   * @param maxBatch most events appended in one database transaction
   * @param maxLag consumer lag (events) above which health reports DOWN
   * @param pollTimeout how long one poll waits for events
   */
  public record Ingest(
      @NotBlank @DefaultValue("hutong-audit-ingest") String groupId,
      @Min(1) @DefaultValue("5000") int maxBatch,
      @Min(1) @DefaultValue("100000") long maxLag,
      @NotNull @DefaultValue("200ms") Duration pollTimeout) {}

  /**
   * The tree-head signing key, and the keys it replaced.
   *
   * @param keyName the signed-note key name
   * @param privateKey base64 PKCS#8 Ed25519 private key; no default, required
   * @param publicKey base64 raw 32-byte Ed25519 public key of {@code privateKey}
   * @param previousVerifierKeys verifier keys ({@code <name>+<hex id>+<base64 key>}) of earlier
   *     signing keys, still published so heads they signed stay verifiable after a rotation
   */
  public record Signing(
      @NotBlank @DefaultValue("hutong-audit") String keyName,
      @NotBlank String privateKey,
      @NotBlank String publicKey,
      @NotNull @DefaultValue List<String> previousVerifierKeys) {}

  /**
   * Retention of entry bodies; leaf hashes are kept forever.
   *
   * @param period how long bodies are kept; the legal minimum is 180 days
   * @param interval how often the retention job runs
   * @param username database role of the retention job (may only clear bodies)
   * @param password its password
   */
  public record Retention(
      @NotNull @DefaultValue("180d") Duration period,
      @NotNull @DefaultValue("1h") Duration interval,
      @NotBlank @DefaultValue("hutong_audit_retention") String username,
      @NotBlank String password) {

    @AssertTrue(message = "retention period must be at least 180 days, the legal minimum")
    public boolean isAtLeastTheLegalMinimum() {
      return period.compareTo(Duration.ofDays(180)) >= 0;
    }
  }
}
