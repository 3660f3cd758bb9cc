package io.hutong.audit.tree;

import io.hutong.audit.verifier.Checkpoint;
import io.hutong.audit.verifier.VerifierKey;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Signs tree heads: a C2SP checkpoint of the current size and root, as a signed note with the
 * current Ed25519 key ({@link SigningKeys}). Every head handed out is remembered, so {@link
 * #issued} can tell a later verification which roots auditors may hold.
 */
@Component
public class TreeHeads {

  private final TreeStore tree;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final SigningKeys keys;

  TreeHeads(TreeStore tree, JdbcClient jdbc, Clock clock, SigningKeys keys) {
    this.tree = tree;
    this.jdbc = jdbc;
    this.clock = clock;
    this.keys = keys;
  }

  /** A signed head of the tree as it is now, signed with the current key. */
  public SignedHead current() {
    long size = tree.size();
    byte[] root = tree.root(size);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    String note = keys.sign(new Checkpoint(Checkpoint.ORIGIN, size, root));
    jdbc.sql(
            "insert into tree_head (tree_size, root_hash, signed_at, checkpoint) values (?, ?, ?, ?)")
        .params(size, root, Timestamp.from(now), note)
        .update();
    VerifierKey signer = keys.current();
    return new SignedHead(size, root, now, note, signer.keyId(), signer.toString());
  }

  /** Sizes and roots of every head handed out, smallest first. */
  public List<IssuedHead> issued() {
    return jdbc.sql("select distinct tree_size, root_hash from tree_head order by tree_size")
        .query((rs, i) -> new IssuedHead(rs.getLong(1), rs.getBytes(2)))
        .list();
  }

  /**
   * A signed tree head.
   *
   * @param keyId id of the key that signed it
   * @param publicKey that key in verifier-key form
   */
  public record SignedHead(
      long size,
      byte[] rootHash,
      Instant timestamp,
      String checkpoint,
      String keyId,
      String publicKey) {}

  /** A head once handed out. */
  public record IssuedHead(long size, byte[] rootHash) {}
}
