package io.hutong.audit.log;

import io.hutong.audit.tree.Frontier;
import io.hutong.audit.tree.TreeHeads;
import io.hutong.audit.tree.TreeStore;
import io.hutong.audit.verifier.Rfc9162;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Recomputes the whole tree from the stored entries and compares: each body against its leaf hash,
 * each completed subtree against the stored node, and each root handed out in a signed tree head.
 * Reports the first entry that no longer matches.
 */
@Service
public class Verification {

  private final AuditLog log;
  private final TreeHeads heads;
  private final TreeStore tree;

  Verification(AuditLog log, TreeHeads heads, TreeStore tree) {
    this.log = log;
    this.heads = heads;
    this.tree = tree;
  }

  /** The outcome: ok, the size checked, and the first mismatching entry if any. */
  public record Result(boolean ok, long size, Mismatch firstMismatch) {}

  /** Where the log stopped matching. */
  public record Mismatch(long leafIndex, UUID id) {}

  /** Verifies the log as it is now; entries appended meanwhile are left for the next run. */
  public Result verify() {
    List<TreeHeads.IssuedHead> issued = heads.issued();
    long checked = Math.max(tree.size(), issued.isEmpty() ? 0 : issued.getLast().size());
    Deque<AuditLog.StoredNode> stored = new ArrayDeque<>();
    log.nodesInCompletionOrder(checked, stored::add);
    Iterator<TreeHeads.IssuedHead> nextHead = issued.iterator();
    TreeHeads.IssuedHead[] head = {nextHead.hasNext() ? nextHead.next() : null};
    Frontier frontier = Frontier.empty();
    Mismatch[] first = {null};
    long[] size = {0};
    while (head[0] != null && head[0].size() == 0) {
      head[0] = nextHead.hasNext() ? nextHead.next() : null;
    }
    log.upTo(
        checked,
        entry -> {
          if (first[0] != null) {
            size[0]++;
            return;
          }
          if (entry.leafIndex() != size[0]) {
            first[0] = new Mismatch(size[0], null);
            return;
          }
          size[0]++;
          if (entry.body() != null
              && !Arrays.equals(
                  Rfc9162.leafHash(entry.body().getBytes(StandardCharsets.UTF_8)),
                  entry.leafHash())) {
            first[0] = new Mismatch(entry.leafIndex(), entry.eventId());
            return;
          }
          for (Frontier.Node node : frontier.append(entry.leafHash())) {
            AuditLog.StoredNode expected = stored.poll();
            if (expected == null
                || expected.level() != node.level()
                || expected.idx() != node.idx()
                || !Arrays.equals(expected.hash(), node.hash())) {
              long firstLeaf = node.idx() << node.level();
              first[0] = new Mismatch(firstLeaf, null);
              return;
            }
          }
          while (head[0] != null && head[0].size() == frontier.size()) {
            if (!Arrays.equals(head[0].rootHash(), frontier.root())) {
              first[0] = new Mismatch(entry.leafIndex(), entry.eventId());
              return;
            }
            head[0] = nextHead.hasNext() ? nextHead.next() : null;
          }
        });
    if (first[0] == null && !stored.isEmpty()) {
      // Nodes stored for leaves that are no longer there: entries were removed.
      first[0] = new Mismatch(size[0], null);
    }
    if (first[0] == null && head[0] != null && head[0].size() > size[0]) {
      // A head was handed out for more entries than the log now holds: entries were removed.
      first[0] = new Mismatch(size[0], null);
    }
    Mismatch mismatch = first[0];
    if (mismatch != null && mismatch.id() == null) {
      mismatch = new Mismatch(mismatch.leafIndex(), log.idAt(mismatch.leafIndex()).orElse(null));
    }
    return new Result(mismatch == null, size[0], mismatch);
  }
}
