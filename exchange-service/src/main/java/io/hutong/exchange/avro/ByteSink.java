package io.hutong.exchange.avro;

import java.util.Arrays;

/**
 * A growable, reusable byte buffer that {@link Projection} appends projected datums to: one sink
 * per thread or per fetch page is reset and refilled, so projecting a record allocates nothing once
 * the buffer has grown to the largest record.
 */
public final class ByteSink {

  private byte[] bytes;
  private int length;

  public ByteSink() {
    this(256);
  }

  public ByteSink(int capacity) {
    this.bytes = new byte[Math.max(16, capacity)];
  }

  /** Appends {@code length} bytes of {@code source} from {@code offset}. */
  public void write(byte[] source, int offset, int length) {
    ensure(length);
    System.arraycopy(source, offset, bytes, this.length, length);
    this.length += length;
  }

  /** Appends one byte. */
  public void write(int b) {
    ensure(1);
    bytes[length++] = (byte) b;
  }

  /** An Avro long (zig-zag varint); ints are written the same way. */
  public void writeLong(long n) {
    ensure(10);
    long z = (n << 1) ^ (n >> 63);
    while ((z & ~0x7FL) != 0) {
      bytes[length++] = (byte) ((z & 0x7F) | 0x80);
      z >>>= 7;
    }
    bytes[length++] = (byte) z;
  }

  /** An Avro float: four bytes, little-endian. */
  public void writeFloat(float f) {
    writeFixedLittleEndian(Float.floatToRawIntBits(f), 4);
  }

  /** An Avro double: eight bytes, little-endian. */
  public void writeDouble(double d) {
    writeFixedLittleEndian(Double.doubleToRawLongBits(d), 8);
  }

  /** Avro bytes or string: the length, then the bytes. */
  public void writeLengthPrefixed(byte[] source) {
    writeLong(source.length);
    write(source, 0, source.length);
  }

  private void writeFixedLittleEndian(long bits, int count) {
    ensure(count);
    for (int i = 0; i < count; i++) {
      bytes[length++] = (byte) (bits >>> (8 * i));
    }
  }

  /** Drops what was written after {@code mark} (a {@link #length()} taken earlier). */
  public void truncate(int mark) {
    if (mark < 0 || mark > length) {
      throw new IllegalArgumentException("mark " + mark + " outside 0.." + length);
    }
    length = mark;
  }

  /** Empties the sink, keeping its buffer. */
  public void reset() {
    length = 0;
  }

  /** The number of bytes written since the last {@link #reset()}. */
  public int length() {
    return length;
  }

  /** The backing buffer; bytes {@code [0, length())} are the content. */
  public byte[] array() {
    return bytes;
  }

  /** A copy of the content. */
  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }

  private void ensure(int more) {
    if (more > bytes.length - length) {
      long wanted = Math.max((long) bytes.length * 2, (long) length + more);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("byte sink would exceed the largest array");
      }
      bytes = Arrays.copyOf(bytes, (int) wanted);
    }
  }
}
