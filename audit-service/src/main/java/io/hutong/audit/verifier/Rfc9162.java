package io.hutong.audit.verifier;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree hashing and proof verification of RFC 9162 (Certificate Transparency 2.0),
 * section 2.1: SHA-256, leaf hash {@code H(0x00 || leaf)}, node hash {@code H(0x01 || left ||
 * right)}. Dependency-free, so the offline verifier can ship it alone.
 */
public final class Rfc9162 {

  private Rfc9162() {}

  public static byte[] leafHash(byte[] leaf) {
    MessageDigest sha = sha256();
    sha.update((byte) 0x00);
    sha.update(leaf);
    return sha.digest();
  }

  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest sha = sha256();
    sha.update((byte) 0x01);
    sha.update(left);
    sha.update(right);
    return sha.digest();
  }

  /** MTH of an empty tree: the hash of the empty string. */
  public static byte[] emptyRoot() {
    return sha256().digest();
  }

  /** Largest power of two smaller than {@code n} (n ≥ 2). */
  public static long split(long n) {
    return Long.highestOneBit(n - 1);
  }

  /** MTH(D[n]) computed from all leaf hashes: the reference the service's tree must match. */
  public static byte[] rootOf(List<byte[]> leafHashes) {
    return leafHashes.isEmpty() ? emptyRoot() : mth(leafHashes, 0, leafHashes.size());
  }

  private static byte[] mth(List<byte[]> leaves, int from, int to) {
    int n = to - from;
    if (n == 1) {
      return leaves.get(from);
    }
    int k = (int) split(n);
    return nodeHash(mth(leaves, from, from + k), mth(leaves, from + k, to));
  }

  /**
   * RFC 9162 §2.1.3.2: does {@code path} prove leaf {@code leafIndex} in a tree of {@code treeSize}
   * with {@code root}?
   */
  public static boolean verifyInclusion(
      long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path, byte[] root) {
    if (leafIndex >= treeSize || leafIndex < 0) {
      return false;
    }
    long fn = leafIndex;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    for (byte[] p : path) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = nodeHash(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && Arrays.equals(r, root);
  }

  /**
   * RFC 9162 §2.1.4.2: does {@code path} prove that tree {@code size1} is a prefix of tree {@code
   * size2}?
   */
  public static boolean verifyConsistency(
      long size1, long size2, byte[] root1, byte[] root2, List<byte[]> path) {
    if (size1 < 1 || size1 > size2) {
      return false;
    }
    if (size1 == size2) {
      return path.isEmpty() && Arrays.equals(root1, root2);
    }
    if (path.isEmpty()) {
      return false;
    }
    List<byte[]> proof = path;
    if (Long.bitCount(size1) == 1) {
      proof = new java.util.ArrayList<>(path.size() + 1);
      proof.add(root1);
      proof.addAll(path);
    }
    long fn = size1 - 1;
    long sn = size2 - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = proof.getFirst();
    byte[] sr = proof.getFirst();
    for (byte[] c : proof.subList(1, proof.size())) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = nodeHash(c, fr);
        sr = nodeHash(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        sr = nodeHash(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && Arrays.equals(fr, root1) && Arrays.equals(sr, root2);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
