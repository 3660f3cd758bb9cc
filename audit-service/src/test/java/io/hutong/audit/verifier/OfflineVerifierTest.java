package io.hutong.audit.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineVerifierTest {

  @TempDir Path dir;

  private final SigningKeyPair oldKey = SigningKeyPair.generate("hutong-audit");
  private final SigningKeyPair newKey = SigningKeyPair.generate("hutong-audit");
  private final List<byte[]> leaves = leaves(5);
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @Test
  void run_verifiesAHeadSignedBeforeARotationAndItsConsistencyWithAHeadSignedAfter()
      throws IOException {
    Path old = write("old.txt", oldKey.sign(3, Rfc9162.rootOf(leaves.subList(0, 3))));
    Path head = write("head.txt", newKey.sign(5, Rfc9162.rootOf(leaves)));
    Path consistency = write("consistency.json", consistencyProof());

    boolean ok =
        run(
            "--key", newKey.verifierKey().toString(),
            "--key", oldKey.verifierKey().toString(),
            "--checkpoint", head.toString(),
            "--old-checkpoint", old.toString(),
            "--consistency", consistency.toString());

    assertThat(ok).as(output()).isTrue();
    assertThat(output())
        .contains("OK   signature by " + newKey.verifierKey().label() + ": tree size 5")
        .contains("OK   consistency from size 3 to 5");
  }

  @Test
  void run_readsTrustedKeysFromAFile() throws IOException {
    Path keys =
        write(
            "trusted-keys.txt",
            "# current\n"
                + newKey.verifierKey()
                + "\n\n# until the rotation\n"
                + oldKey.verifierKey()
                + "\n");
    Path old = write("old.txt", oldKey.sign(3, Rfc9162.rootOf(leaves.subList(0, 3))));

    assertThat(run("--keys", keys.toString(), "--checkpoint", old.toString()))
        .as(output())
        .isTrue();
    assertThat(output()).contains("OK   signature by " + oldKey.verifierKey().label());
  }

  @Test
  void run_refusesAHeadSignedByAKeyNotTrusted() throws IOException {
    Path old = write("old.txt", oldKey.sign(3, Rfc9162.rootOf(leaves.subList(0, 3))));

    boolean ok = run("--key", newKey.verifierKey().toString(), "--checkpoint", old.toString());

    assertThat(ok).isFalse();
    assertThat(output())
        .contains("FAIL signature: signed by " + oldKey.verifierKey().label())
        .contains("not a trusted key");
  }

  private boolean run(String... args) throws IOException {
    return OfflineVerifier.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  /** RFC 9162 consistency proof from 3 to 5 leaves: [h(2), h(3), MTH(0..1), h(4)]. */
  private String consistencyProof() {
    List<String> path = new ArrayList<>();
    for (byte[] hash :
        List.of(
            leaves.get(2), leaves.get(3), Rfc9162.rootOf(leaves.subList(0, 2)), leaves.get(4))) {
      path.add("\"" + Base64.getEncoder().encodeToString(hash) + "\"");
    }
    return "{\"from\":3,\"to\":5,\"path\":[" + String.join(",", path) + "]}";
  }

  private static List<byte[]> leaves(int n) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      leaves.add(Rfc9162.leafHash(new byte[] {(byte) i}));
    }
    return leaves;
  }
}
