package io.hutong.audit.tree;

import io.hutong.audit.config.AuditProperties;
import io.hutong.audit.verifier.Checkpoint;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Signs tree heads: a C2SP checkpoint of the current size and root, as a signed note with the
 * configured Ed25519 key. Every head handed out is remembered, so {@link #issued} can tell a later
 * verification which roots auditors may hold.
 */
@Component
public class TreeHeads {

  private final TreeStore tree;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final String keyName;
  private final PrivateKey privateKey;
  private final byte[] publicKey;

  TreeHeads(TreeStore tree, JdbcClient jdbc, Clock clock, AuditProperties properties) {
    this.tree = tree;
    this.jdbc = jdbc;
    this.clock = clock;
    this.keyName = properties.signing().keyName();
    this.publicKey = Base64.getDecoder().decode(properties.signing().publicKey());
    try {
      this.privateKey =
          KeyFactory.getInstance("Ed25519")
              .generatePrivate(
                  new PKCS8EncodedKeySpec(
                      Base64.getDecoder().decode(properties.signing().privateKey())));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "hutong.audit.signing.private-key is not a PKCS#8 Ed25519 key", e);
    }
    if (publicKey.length != 32) {
      throw new IllegalStateException(
          "hutong.audit.signing.public-key must be 32 raw bytes, base64");
    }
  }

  /** A signed head of the tree as it is now. */
  public SignedHead current() {
    long size = tree.size();
    byte[] root = tree.root(size);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    String note =
        new Checkpoint(Checkpoint.ORIGIN, size, root).sign(keyName, privateKey, publicKey);
    jdbc.sql(
            "insert into tree_head (tree_size, root_hash, signed_at, checkpoint) values (?, ?, ?, ?)")
        .params(size, root, Timestamp.from(now), note)
        .update();
    return new SignedHead(size, root, now, note, verifierKey());
  }

  /** The verifier key: {@code <name>+<hex id>+<base64 key>}. */
  public String verifierKey() {
    return Checkpoint.verifierKey(keyName, publicKey);
  }

  /** Sizes and roots of every head handed out, smallest first. */
  public List<IssuedHead> issued() {
    return jdbc.sql("select distinct tree_size, root_hash from tree_head order by tree_size")
        .query((rs, i) -> new IssuedHead(rs.getLong(1), rs.getBytes(2)))
        .list();
  }

  /** A signed tree head. */
  public record SignedHead(
      long size, byte[] rootHash, Instant timestamp, String checkpoint, String publicKey) {}

  /** A head once handed out. */
  public record IssuedHead(long size, byte[] rootHash) {}
}
