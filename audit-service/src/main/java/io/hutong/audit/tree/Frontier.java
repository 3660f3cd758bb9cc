package io.hutong.audit.tree;

import io.hutong.audit.verifier.Rfc9162;
import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of the tree: the roots of its perfect subtrees, one per set bit of the size. That
 * is all an append needs — each new leaf completes the subtrees a binary counter would carry into —
 * and the root is their fold, so appends and tree heads cost O(log n) without reading history.
 */
public final class Frontier {

  private final byte[][] byLevel = new byte[64][];
  private long size;

  /** An empty tree's frontier. */
  public static Frontier empty() {
    return new Frontier();
  }

  /** A perfect subtree completed by an append: covers leaves [idx·2^level, (idx+1)·2^level). */
  public record Node(int level, long idx, byte[] hash) {}

  /** The frontier of a tree of {@code size} leaves, given its perfect-subtree roots by level. */
  public static Frontier restore(long size, NodeSource nodes) {
    Frontier frontier = new Frontier();
    long start = 0;
    for (int level = 63; level >= 0; level--) {
      if ((size & (1L << level)) != 0) {
        frontier.byLevel[level] = nodes.hash(level, start >> level);
        start += 1L << level;
      }
    }
    frontier.size = size;
    return frontier;
  }

  /** Appends a leaf; returns the nodes it completed (level ≥ 1), to be stored. */
  public List<Node> append(byte[] leafHash) {
    List<Node> completed = new ArrayList<>(2);
    long index = size;
    byte[] hash = leafHash;
    int level = 0;
    while ((size & (1L << level)) != 0) {
      hash = Rfc9162.nodeHash(byLevel[level], hash);
      byLevel[level] = null;
      level++;
      completed.add(new Node(level, index >> level, hash));
    }
    byLevel[level] = hash;
    size++;
    return completed;
  }

  public long size() {
    return size;
  }

  /** MTH of the whole tree. */
  public byte[] root() {
    byte[] root = null;
    for (int level = 0; level < 64; level++) {
      if (byLevel[level] != null) {
        root = root == null ? byLevel[level] : Rfc9162.nodeHash(byLevel[level], root);
      }
    }
    return root == null ? Rfc9162.emptyRoot() : root;
  }

  public Frontier copy() {
    Frontier copy = new Frontier();
    System.arraycopy(byLevel, 0, copy.byLevel, 0, 64);
    copy.size = size;
    return copy;
  }

  /** Where stored perfect-subtree hashes come from (level 0: leaf hashes). */
  @FunctionalInterface
  public interface NodeSource {
    byte[] hash(int level, long idx);
  }
}
