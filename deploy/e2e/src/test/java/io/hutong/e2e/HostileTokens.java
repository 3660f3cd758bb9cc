package io.hutong.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.server.KeycloakAdmin;
import io.hutong.deploy.server.LocalIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Bearer tokens the platform must refuse, each wrong in one way only: the others are built from a
 * real token of a department system that may publish, so a refusal can only be for the flaw under
 * test. Made once per test class; Keycloak's admin API supplies those that need a real issuer.
 */
final class HostileTokens {

  /** The one that only time makes hostile: issued with a one-second lifespan. */
  record ShortLived(String token, Instant issuedAt, Instant expiresAt) {}

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final Map<String, String> byFlaw;
  private final ShortLived shortLived;

  private HostileTokens(Map<String, String> byFlaw, ShortLived shortLived) {
    this.byFlaw = byFlaw;
    this.shortLived = shortLived;
  }

  /**
   * Makes every hostile token. The short-lived one first: its clock starts now and the test that
   * needs it waits for the remainder only.
   */
  static HostileTokens make(E2ePlatform platform, KeycloakAdmin admin)
      throws IOException, InterruptedException, GeneralSecurityException {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String shortLivedClient = "short-lived-" + suffix;
    admin.createClient("hutong", shortLivedClient, true, Map.of("access.token.lifespan", "1"));
    String brief = admin.clientToken("hutong", shortLivedClient);
    JsonNode briefClaims = claims(brief);
    ShortLived shortLived =
        new ShortLived(
            brief,
            Instant.ofEpochSecond(briefClaims.path("iat").asLong()),
            Instant.ofEpochSecond(briefClaims.path("exp").asLong()));

    String real = platform.tokens().accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM);
    Map<String, String> byFlaw = new LinkedHashMap<>();
    byFlaw.put("tampered signature", tamperedSignature(real));
    byFlaw.put("alg none", algNone(real));
    byFlaw.put("signed by a key that is not Keycloak's", signedByStranger(real));

    String elsewhere = "elsewhere-" + suffix;
    admin.createRealm(elsewhere);
    admin.createClient(elsewhere, "intruder", true, Map.of());
    byFlaw.put("issued by another realm", admin.clientToken(elsewhere, "intruder"));

    String noAudience = "no-audience-" + suffix;
    admin.createClient("hutong", noAudience, false, Map.of());
    String withoutAudience = admin.clientToken("hutong", noAudience);
    assertThat(claims(withoutAudience).path("aud").toString())
        .as("the no-audience client's token must lack hutong-api")
        .doesNotContain("hutong-api");
    byFlaw.put("without the hutong-api audience", withoutAudience);
    return new HostileTokens(byFlaw, shortLived);
  }

  /** Flaw → token, in a stable order. */
  Map<String, String> byFlaw() {
    return byFlaw;
  }

  ShortLived shortLived() {
    return shortLived;
  }

  /** The decoded payload of {@code token}. */
  static JsonNode claims(String token) {
    String payload = token.split("\\.")[1];
    return E2ePlatform.JSON.readTree(Base64.getUrlDecoder().decode(payload));
  }

  /** One character in the middle of the signature changed (the last may only carry padding). */
  static String tamperedSignature(String real) {
    String[] parts = real.split("\\.");
    char[] signature = parts[2].toCharArray();
    int middle = signature.length / 2;
    signature[middle] = signature[middle] == 'A' ? 'B' : 'A';
    return parts[0] + "." + parts[1] + "." + new String(signature);
  }

  /** Header {@code {"alg":"none"}}, the real payload, an empty signature. */
  static String algNone(String real) {
    String header = B64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    return header + "." + real.split("\\.")[1] + ".";
  }

  /** The real claims, signed RS256 by a key made here, under a key id Keycloak never issued. */
  static String signedByStranger(String real) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair stranger = generator.generateKeyPair();
    String header =
        B64.encodeToString(
            ("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"stranger-" + UUID.randomUUID() + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    String signingInput = header + "." + real.split("\\.")[1];
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(stranger.getPrivate());
    rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + B64.encodeToString(rsa.sign());
  }
}
