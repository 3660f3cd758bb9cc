package io.hutong.exchange.avro;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads Avro's zig-zag varints and little-endian floats from a byte array. A varint is read in two
 * steps, {@link #end} then {@link #decodeLong} or {@link #decodeInt}, so that nothing needs to
 * return two values and nothing is allocated.
 */
final class Varints {

  /** Avro's longest encodings: 5 bytes for an int (as its decoder insists), 10 for a long. */
  static final int INT_BYTES = 5;

  static final int LONG_BYTES = 10;

  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Varints() {}

  /** The offset just past the varint at {@code p}, which may use at most {@code max} bytes. */
  static int end(byte[] d, int p, int limit, int max) {
    int stop = limit - p < max ? limit : p + max;
    for (int i = p; i < stop; i++) {
      if (d[i] >= 0) {
        return i + 1;
      }
    }
    if (limit - p < max) {
      throw AvroBinary.Invalid.truncated();
    }
    throw AvroBinary.Invalid.of("varint longer than " + max + " bytes");
  }

  /** The long encoded in {@code [p, end)}, as found by {@link #end}. */
  static long decodeLong(byte[] d, int p, int end) {
    long raw = 0;
    int shift = 0;
    for (int i = p; i < end; i++, shift += 7) {
      raw |= (long) (d[i] & 0x7f) << shift;
    }
    return (raw >>> 1) ^ -(raw & 1);
  }

  /** The int encoded in {@code [p, end)}: bits beyond 32 are dropped, as Avro's decoder does. */
  static int decodeInt(byte[] d, int p, int end) {
    int raw = 0;
    int shift = 0;
    for (int i = p; i < end; i++, shift += 7) {
      raw |= (d[i] & 0x7f) << shift;
    }
    return (raw >>> 1) ^ -(raw & 1);
  }

  /** Checks that {@code n} bytes are left at {@code p}; returns {@code p + n}. */
  static int need(int p, long n, int limit) {
    if (n > limit - p) {
      throw AvroBinary.Invalid.truncated();
    }
    return p + (int) n;
  }

  static float readFloat(byte[] d, int p) {
    return Float.intBitsToFloat((int) INT_LE.get(d, p));
  }

  static double readDouble(byte[] d, int p) {
    return Double.longBitsToDouble((long) LONG_LE.get(d, p));
  }
}
