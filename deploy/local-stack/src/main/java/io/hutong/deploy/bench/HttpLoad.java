package io.hutong.deploy.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A load generator that costs the machine little, so that a benchmark measures the server and not
 * its client: plain HTTP/1.1 over kept-alive sockets, requests pre-built as bytes, answers read
 * only as far as the status line and headers, bodies skipped without being parsed. Every request's
 * latency is kept, and the generator's own CPU time is measured per thread, so a report can say
 * what share of the machine the generator took.
 */
public final class HttpLoad {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private HttpLoad() {}

  /** What one load run did. */
  public record Result(
      long requests, double seconds, long[] sortedLatencyNanos, long cpuNanos, long bytesRead) {

    /** Requests per second. */
    public double rate() {
      return requests / seconds;
    }

    /** The latency at quantile {@code q} (0–1), in milliseconds. */
    public double latencyMs(double q) {
      if (sortedLatencyNanos.length == 0) {
        return Double.NaN;
      }
      int i =
          (int) Math.min(sortedLatencyNanos.length - 1, Math.floor(q * sortedLatencyNanos.length));
      return sortedLatencyNanos[i] / 1e6;
    }

    /** The generator's CPU time as a share of the machine (all cores) during the run. */
    public double cpuShare() {
      return cpuNanos / (seconds * 1e9 * Runtime.getRuntime().availableProcessors());
    }
  }

  /**
   * A request as bytes: {@code method path}, the given headers, {@code Host}, {@code
   * Content-Length} when there is a body.
   */
  public static byte[] request(
      String method, String path, int port, Map<String, String> headers, byte[] body) {
    StringBuilder head =
        new StringBuilder(method)
            .append(' ')
            .append(path)
            .append(" HTTP/1.1\r\nHost: localhost:")
            .append(port)
            .append("\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
    if (body == null) {
      return start;
    }
    byte[] all = Arrays.copyOf(start, start.length + body.length);
    System.arraycopy(body, 0, all, start.length, body.length);
    return all;
  }

  /**
   * Sends {@code total} requests over {@code connections} kept-alive connections, each connection
   * taking the next of {@code requests} (cycled) as soon as its previous answer is read. Any status
   * other than {@code expected} stops the run with the answer's first bytes.
   */
  public static Result run(
      int port, int connections, List<byte[]> requests, long total, int expected) {
    AtomicLong next = new AtomicLong();
    AtomicLong cpu = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<long[]> latencies = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < connections; c++) {
      long[] mine = new long[(int) (total / connections + connections + 1)];
      latencies.add(mine);
      threads.add(
          Thread.ofPlatform()
              .name("http-load-" + c)
              .start(
                  () -> {
                    long cpuStart = THREADS.getCurrentThreadCpuTime();
                    int done = 0;
                    try (Connection connection = new Connection(port)) {
                      for (long n;
                          (n = next.getAndIncrement()) < total && failure.get() == null; ) {
                        long sent = System.nanoTime();
                        Answer answer =
                            connection.exchange(requests.get((int) (n % requests.size())), null);
                        if (answer.status != expected) {
                          throw new IllegalStateException(
                              "HTTP " + answer.status + ": " + answer.excerpt);
                        }
                        if (done < mine.length) {
                          mine[done++] = System.nanoTime() - sent;
                        }
                      }
                      bytes.addAndGet(connection.read);
                    } catch (Throwable e) {
                      failure.compareAndSet(null, e);
                    } finally {
                      cpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuStart);
                      if (done < mine.length) {
                        mine[done] = -1;
                      }
                    }
                  }));
    }
    join(threads);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (failure.get() != null) {
      throw new IllegalStateException("load run failed", failure.get());
    }
    return new Result(total, seconds, merge(latencies), cpu.get(), bytes.get());
  }

  /**
   * Reads on one connection, each request built from the previous answer's {@code header} (a
   * cursor), until an answer carries the same value it was asked with: a consumer paging through
   * everything there is, without parsing a page.
   */
  public static Result chain(
      int port, String start, String header, Function<String, byte[]> request, int expected) {
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    List<Long> latencies = new ArrayList<>();
    long began = System.nanoTime();
    long read;
    try (Connection connection = new Connection(port)) {
      String position = start;
      while (true) {
        long sent = System.nanoTime();
        Answer answer = connection.exchange(request.apply(position), header);
        if (answer.status != expected) {
          throw new IllegalStateException("HTTP " + answer.status + ": " + answer.excerpt);
        }
        latencies.add(System.nanoTime() - sent);
        if (answer.header == null) {
          throw new IllegalStateException("the answer has no " + header + " header");
        }
        if (answer.header.equals(position)) {
          break;
        }
        position = answer.header;
      }
      read = connection.read;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Result(
        latencies.size(), seconds, sorted, THREADS.getCurrentThreadCpuTime() - cpuStart, read);
  }

  /** One kept-alive connection for requests paced by the caller. */
  public static Session session(int port) {
    try {
      return new Session(new Connection(port));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A connection the caller drives one request at a time. */
  public static final class Session implements AutoCloseable {
    private final Connection connection;

    private Session(Connection connection) {
      this.connection = connection;
    }

    /** Sends {@code request}; fails unless the answer has status {@code expected}. */
    public void send(byte[] request, int expected) {
      try {
        Answer answer = connection.exchange(request, null);
        if (answer.status != expected) {
          throw new IllegalStateException("HTTP " + answer.status + ": " + answer.excerpt);
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      try {
        connection.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  private static long[] merge(List<long[]> latencies) {
    List<Long> all = new ArrayList<>();
    for (long[] l : latencies) {
      for (long v : l) {
        if (v <= 0) {
          break;
        }
        all.add(v);
      }
    }
    return all.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  private static void join(List<Thread> threads) {
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** The status of an answer, one header's value if asked for, and its first bytes if it failed. */
  private record Answer(int status, String header, String excerpt, boolean closing) {}

  /** One kept-alive connection: writes a request, reads the answer's head, skips its body. */
  private static final class Connection implements AutoCloseable {
    private final int port;
    private final byte[] skip = new byte[64 * 1024];
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    long read;

    Connection(int port) throws IOException {
      this.port = port;
      open();
    }

    /** (Re)connects: servers close a kept-alive connection after some requests (Tomcat: 100). */
    private void open() throws IOException {
      socket = new Socket("localhost", port);
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    Answer exchange(byte[] request, String wanted) throws IOException {
      Answer answer = exchangeOnce(request, wanted);
      if (answer.closing) {
        socket.close();
        open();
      }
      return answer;
    }

    private Answer exchangeOnce(byte[] request, String wanted) throws IOException {
      out.write(request);
      out.flush();
      String statusLine = line();
      int status = Integer.parseInt(statusLine.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      boolean closing = false;
      String header = null;
      for (String line; !(line = line()).isEmpty(); ) {
        int colon = line.indexOf(':');
        String name = line.substring(0, colon);
        String value = line.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Content-Length")) {
          length = Long.parseLong(value);
        } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
          chunked = value.equalsIgnoreCase("chunked");
        } else if (name.equalsIgnoreCase("Connection")) {
          closing = value.equalsIgnoreCase("close");
        } else if (wanted != null && name.equalsIgnoreCase(wanted)) {
          header = value;
        }
      }
      String excerpt = null;
      if (status >= 300) {
        byte[] body = chunked ? chunkedBody() : in.readNBytes((int) Math.max(0, length));
        excerpt = new String(body, 0, Math.min(body.length, 600), StandardCharsets.UTF_8);
      } else if (chunked) {
        for (long size; (size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0; ) {
          skip(size);
          line();
        }
        while (!line().isEmpty()) {
          // trailers
        }
      } else if (length > 0) {
        skip(length);
      }
      return new Answer(status, header, excerpt, closing);
    }

    private byte[] chunkedBody() throws IOException {
      java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
      for (int size; (size = Integer.parseInt(line().split(";")[0].trim(), 16)) > 0; ) {
        body.write(in.readNBytes(size));
        line();
      }
      while (!line().isEmpty()) {
        // trailers
      }
      return body.toByteArray();
    }

    private void skip(long n) throws IOException {
      while (n > 0) {
        int got = in.read(skip, 0, (int) Math.min(skip.length, n));
        if (got < 0) {
          throw new IOException("connection closed mid-answer");
        }
        n -= got;
        read += got;
      }
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder(64);
      for (int b; (b = in.read()) != '\n'; ) {
        if (b < 0) {
          throw new IOException("connection closed");
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      read += line.length() + 2;
      return line.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** Headers in the order given. */
  public static Map<String, String> headers(String... pairs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return out;
  }
}
