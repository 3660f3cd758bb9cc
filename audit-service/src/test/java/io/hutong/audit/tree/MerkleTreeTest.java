package io.hutong.audit.tree;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.audit.verifier.Rfc9162;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The incremental tree (frontier + stored nodes) against the recursive definition of RFC 9162, and
 * its proofs against the RFC's verification algorithms.
 */
class MerkleTreeTest {

  static final HexFormat HEX = HexFormat.of();

  /** Certificate Transparency's reference test leaves. */
  static final List<byte[]> CT_LEAVES =
      List.of(
          HEX.parseHex(""),
          HEX.parseHex("00"),
          HEX.parseHex("10"),
          HEX.parseHex("2021"),
          HEX.parseHex("3031"),
          HEX.parseHex("40414243"),
          HEX.parseHex("5051525354555657"),
          HEX.parseHex("606162636465666768696a6b6c6d6e6f"));

  @Test
  void matchesCertificateTransparencyReferenceRoots() {
    List<byte[]> hashes = CT_LEAVES.stream().map(Rfc9162::leafHash).toList();

    assertThat(HEX.formatHex(Rfc9162.emptyRoot()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(HEX.formatHex(Rfc9162.rootOf(hashes.subList(0, 1))))
        .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    assertThat(HEX.formatHex(Rfc9162.rootOf(hashes)))
        .isEqualTo("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
  }

  @Test
  void frontierRootEqualsTheRecursiveDefinitionAtEverySize() {
    Tree tree = new Tree();
    List<byte[]> leaves = new ArrayList<>();
    for (int n = 1; n <= 300; n++) {
      byte[] leaf = Rfc9162.leafHash(("event-" + n).getBytes(StandardCharsets.UTF_8));
      leaves.add(leaf);
      tree.append(leaf);
      assertThat(tree.frontier.root()).as("size %d", n).isEqualTo(Rfc9162.rootOf(leaves));
      assertThat(tree.proofs().hash(0, n)).isEqualTo(Rfc9162.rootOf(leaves));
    }
  }

  @Test
  void restoredFrontierContinuesExactlyWhereTheOldOneStopped() {
    Tree tree = new Tree();
    for (int i = 0; i < 77; i++) {
      tree.append(Rfc9162.leafHash(new byte[] {(byte) i}));
    }
    Frontier restored = Frontier.restore(77, tree::hash);

    assertThat(restored.root()).isEqualTo(tree.frontier.root());
    byte[] next = Rfc9162.leafHash(new byte[] {77});
    restored.append(next);
    tree.append(next);
    assertThat(restored.root()).isEqualTo(tree.frontier.root());
  }

  @Test
  void everyInclusionProofVerifiesAndATamperedOneDoesNot() {
    Tree tree = new Tree();
    for (int i = 0; i < 70; i++) {
      tree.append(Rfc9162.leafHash(("e" + i).getBytes(StandardCharsets.UTF_8)));
    }
    for (long n = 1; n <= 70; n++) {
      byte[] root = tree.proofs().hash(0, n);
      for (long m = 0; m < n; m++) {
        List<byte[]> path = tree.proofs().inclusion(m, n);
        assertThat(Rfc9162.verifyInclusion(m, n, tree.leaves.get((int) m), path, root))
            .as("leaf %d of %d", m, n)
            .isTrue();
        if (!path.isEmpty()) {
          List<byte[]> tampered = new ArrayList<>(path);
          tampered.set(0, Rfc9162.leafHash(new byte[] {42}));
          assertThat(Rfc9162.verifyInclusion(m, n, tree.leaves.get((int) m), tampered, root))
              .isFalse();
        }
      }
    }
  }

  @Test
  void everyConsistencyProofVerifiesAndAForkDoesNot() {
    Tree tree = new Tree();
    for (int i = 0; i < 50; i++) {
      tree.append(Rfc9162.leafHash(("e" + i).getBytes(StandardCharsets.UTF_8)));
    }
    for (long n = 1; n <= 50; n++) {
      for (long m = 1; m <= n; m++) {
        List<byte[]> proof = tree.proofs().consistency(m, n);
        assertThat(
                Rfc9162.verifyConsistency(
                    m, n, tree.proofs().hash(0, m), tree.proofs().hash(0, n), proof))
            .as("%d -> %d", m, n)
            .isTrue();
      }
    }
    // A log that rewrote leaf 3 cannot prove consistency with the head it handed out before.
    Tree fork = new Tree();
    for (int i = 0; i < 50; i++) {
      fork.append(Rfc9162.leafHash(("e" + (i == 3 ? "X" : i)).getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(
            Rfc9162.verifyConsistency(
                10,
                50,
                tree.proofs().hash(0, 10),
                fork.proofs().hash(0, 50),
                fork.proofs().consistency(10, 50)))
        .isFalse();
  }

  /** A tree whose "database" is two maps. */
  static final class Tree {
    final Frontier frontier = Frontier.empty();
    final List<byte[]> leaves = new ArrayList<>();
    final Map<String, byte[]> nodes = new HashMap<>();

    void append(byte[] leaf) {
      leaves.add(leaf);
      for (Frontier.Node node : frontier.append(leaf)) {
        nodes.put(node.level() + "/" + node.idx(), node.hash());
      }
    }

    byte[] hash(int level, long idx) {
      return level == 0 ? leaves.get((int) idx) : nodes.get(level + "/" + idx);
    }

    Proofs proofs() {
      return new Proofs(this::hash);
    }
  }
}
