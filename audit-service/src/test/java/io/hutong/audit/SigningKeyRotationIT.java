package io.hutong.audit;

import static io.hutong.deploy.server.LocalIdentity.AUDITOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.audit.verifier.Checkpoint;
import io.hutong.audit.verifier.OfflineVerifier;
import io.hutong.audit.verifier.SigningKeyPair;
import io.hutong.audit.verifier.TrustedKeys;
import io.hutong.audit.verifier.VerifierKey;
import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.server.InstallationSecrets;
import io.hutong.deploy.server.ServiceDatabase;
import io.hutong.deploy.server.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit service after a key rotation: it signs with a new key, still serves the installation's
 * earlier key as trusted, and heads signed with either verify offline with the keys it serves. Its
 * own application context (the rotated key), on the shared stack.
 */
@ExtendWith(HutongStack.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SigningKeyRotationIT {

  private static final SigningKeyPair NEW_KEY = SigningKeyPair.generate("hutong-audit");

  @DynamicPropertySource
  static void rotatedStack(DynamicPropertyRegistry registry) {
    HutongStack.infrastructure().springProperties(ServiceDatabase.AUDIT).entrySet().stream()
        .filter(setting -> !setting.getKey().startsWith("hutong.audit.signing."))
        .forEach(setting -> registry.add(setting.getKey(), setting::getValue));
    registry.add("hutong.audit.signing.private-key", NEW_KEY::privateKeyPkcs8);
    registry.add("hutong.audit.signing.public-key", NEW_KEY::publicKeyRaw);
    registry.add("hutong.audit.signing.previous-verifier-keys", () -> oldVerifierKey().toString());
  }

  @LocalServerPort int port;

  private final Tokens tokens = new Tokens(HutongStack.infrastructure().keycloak());
  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void afterARotation_headsSignedWithTheOldKeyAndTheNewOneVerifyWithTheServedKeys(@TempDir Path dir)
      throws Exception {
    JsonNode served = get("/api/audit/v1/signing-keys").path("keys");
    assertThat(served).hasSize(2);
    assertThat(served.get(0).path("keyId").asString()).isEqualTo(NEW_KEY.verifierKey().keyId());
    assertThat(served.get(0).path("current").asBoolean()).isTrue();
    assertThat(served.get(1).path("verifierKey").asString()).isEqualTo(oldVerifierKey().toString());
    assertThat(served.get(1).path("current").asBoolean()).isFalse();

    JsonNode head = get("/api/audit/v1/tree-head");
    assertThat(head.path("keyId").asString()).isEqualTo(NEW_KEY.verifierKey().keyId());
    String newNote = head.path("checkpoint").asString();
    // The same head as the service signed it before the rotation, with the installation's key.
    Checkpoint signed = TrustedKeys.of(List.of(NEW_KEY.verifierKey())).verify(newNote).checkpoint();
    String oldNote =
        signed.sign(
            "hutong-audit", oldPrivateKey(), Base64.getDecoder().decode(oldKey().publicKeyRaw()));

    List<String> args = new ArrayList<>();
    for (JsonNode key : served) {
      args.addAll(List.of("--key", key.path("verifierKey").asString()));
    }
    Path newFile = Files.writeString(dir.resolve("new.txt"), newNote);
    Path oldFile = Files.writeString(dir.resolve("old.txt"), oldNote);

    assertThat(verify(args, newFile))
        .contains("OK   signature by hutong-audit+" + NEW_KEY.verifierKey().keyId());
    assertThat(verify(args, oldFile)).contains("OK   signature by " + oldVerifierKey().label());
    assertThat(verify(List.of("--key", NEW_KEY.verifierKey().toString()), oldFile))
        .contains("FAIL signature: signed by " + oldVerifierKey().label());
  }

  private static String verify(List<String> keys, Path checkpoint) throws Exception {
    List<String> args = new ArrayList<>(keys);
    args.addAll(List.of("--checkpoint", checkpoint.toString()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OfflineVerifier.run(
        args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The key the installation signed with before this test rotated it (the local stack's). */
  private static InstallationSecrets.SigningKey oldKey() {
    return HutongStack.infrastructure().secrets().signingKey("audit-signing-key");
  }

  private static VerifierKey oldVerifierKey() {
    return VerifierKey.of("hutong-audit", Base64.getDecoder().decode(oldKey().publicKeyRaw()));
  }

  private static PrivateKey oldPrivateKey() throws Exception {
    return KeyFactory.getInstance("Ed25519")
        .generatePrivate(
            new PKCS8EncodedKeySpec(Base64.getDecoder().decode(oldKey().privateKeyPkcs8())));
  }

  private JsonNode get(String path) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                  .header("Authorization", "Bearer " + tokens.accessToken(AUDITOR))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      return json.readTree(response.body());
    }
  }
}
