package io.hutong.audit.tree;

import io.hutong.audit.verifier.Rfc9162;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inclusion and consistency proofs of RFC 9162 §2.1.3.1 and §2.1.4.1, computed from stored
 * perfect-subtree hashes: any subtree hash is a fold of O(log n) stored nodes.
 */
public final class Proofs {

  private final Frontier.NodeSource nodes;
  private final Map<Long, byte[]> cache = new HashMap<>();

  public Proofs(Frontier.NodeSource nodes) {
    this.nodes = nodes;
  }

  /** MTH of leaves [start, start + size). */
  public byte[] hash(long start, long size) {
    if (Long.bitCount(size) == 1 && start % size == 0) {
      int level = Long.numberOfTrailingZeros(size);
      long key = ((long) level << 56) | (start >> level);
      return cache.computeIfAbsent(key, k -> nodes.hash(level, start >> level));
    }
    long k = Rfc9162.split(size);
    return Rfc9162.nodeHash(hash(start, k), hash(start + k, size - k));
  }

  /** PATH(m, D[n]): the audit path of leaf {@code m} in the tree of the first {@code n} leaves. */
  public List<byte[]> inclusion(long m, long n) {
    if (m < 0 || m >= n) {
      throw new IllegalArgumentException("leaf " + m + " is not in a tree of size " + n);
    }
    List<byte[]> path = new ArrayList<>();
    path(m, 0, n, path);
    return path;
  }

  private void path(long m, long start, long n, List<byte[]> out) {
    if (n == 1) {
      return;
    }
    long k = Rfc9162.split(n);
    if (m < k) {
      path(m, start, k, out);
      out.add(hash(start + k, n - k));
    } else {
      path(m - k, start + k, n - k, out);
      out.add(hash(start, k));
    }
  }

  /** PROOF(m, D[n]): that the tree of size {@code m} is a prefix of the tree of size {@code n}. */
  public List<byte[]> consistency(long m, long n) {
    if (m < 1 || m > n) {
      throw new IllegalArgumentException("need 1 <= from <= to, got " + m + ", " + n);
    }
    List<byte[]> proof = new ArrayList<>();
    subproof(m, 0, n, true, proof);
    return proof;
  }

  private void subproof(long m, long start, long n, boolean whole, List<byte[]> out) {
    if (m == n) {
      if (!whole) {
        out.add(hash(start, n));
      }
      return;
    }
    long k = Rfc9162.split(n);
    if (m <= k) {
      subproof(m, start, k, whole, out);
      out.add(hash(start + k, n - k));
    } else {
      subproof(m - k, start + k, n - k, false, out);
      out.add(hash(start, k));
    }
  }
}
