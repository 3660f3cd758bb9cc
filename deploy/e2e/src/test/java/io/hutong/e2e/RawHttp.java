package io.hutong.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * A tiny HTTP/1.1 client over a plain socket that sends exactly the bytes it is given: raw bytes in
 * the request target, header values that are not ASCII or are over-long, bodies that are not UTF-8
 * — everything {@link java.net.http.HttpClient} refuses to send. One request per connection ({@code
 * Connection: close}); answers are read by {@code Content-Length}, chunked, or to the end.
 */
final class RawHttp {

  private static final int CONNECT_TIMEOUT_MS = 5_000;
  private static final int READ_TIMEOUT_MS = 40_000;
  private static final int MAX_HEAD = 64 * 1024;

  private RawHttp() {}

  /** A header to send; the value's bytes go on the wire as they are. */
  record Header(String name, byte[] value) {

    static Header of(String name, String ascii) {
      return new Header(name, ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Header utf8(String name, String value) {
      return new Header(name, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** An answer: status, headers in arrival order, body (empty for an accepted event stream). */
  record Response(int status, List<String[]> headers, byte[] body) {

    /** The first value of header {@code name} (any case), or null. */
    String header(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          return h[1];
        }
      }
      return null;
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON, or a missing node when it is not JSON. */
    JsonNode json() {
      String text = text().strip();
      if (text.startsWith("{") || text.startsWith("[")) {
        try {
          return E2ePlatform.JSON.readTree(text);
        } catch (RuntimeException notJson) {
          return E2ePlatform.JSON.missingNode();
        }
      }
      return E2ePlatform.JSON.missingNode();
    }
  }

  /**
   * Sends {@code method target} to {@code localhost:port}. {@code target} is put on the request
   * line byte for byte (ISO-8859-1, so {@code \u00ff} is the byte 0xFF). With {@code stream}, a
   * {@code text/event-stream} answer is closed as soon as its headers arrived.
   */
  static Response send(
      int port, String method, String target, List<Header> headers, byte[] body, boolean stream)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("localhost", port), CONNECT_TIMEOUT_MS);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.writeBytes(
          (method + " " + target + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
      request.writeBytes(
          ("Host: localhost:" + port + "\r\nConnection: close\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      for (Header header : headers) {
        request.writeBytes((header.name() + ": ").getBytes(StandardCharsets.ISO_8859_1));
        request.writeBytes(header.value());
        request.writeBytes(new byte[] {'\r', '\n'});
      }
      if (body != null) {
        request.writeBytes(
            ("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      }
      request.writeBytes(new byte[] {'\r', '\n'});
      if (body != null) {
        request.writeBytes(body);
      }
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request.toByteArray());
        out.flush();
      } catch (IOException refusedWhileSending) {
        // The server may answer and close before reading the whole request (e.g. 431); read it.
      }
      return read(socket.getInputStream(), method, stream);
    }
  }

  private static Response read(InputStream in, String method, boolean stream) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      throw new IOException("connection closed without an answer");
    }
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP answer: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    List<String[]> headers = new ArrayList<>();
    int headBytes = 0;
    for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
      headBytes += line.length();
      if (headBytes > MAX_HEAD) {
        throw new IOException("answer head over " + MAX_HEAD + " bytes");
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.add(
            new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
      }
    }
    Response head = new Response(status, headers, new byte[0]);
    String type = head.header("Content-Type");
    boolean eventStream =
        type != null && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
    if (method.equals("HEAD") || status == 204 || status == 304 || (stream && eventStream)) {
      return head;
    }
    String encoding = head.header("Transfer-Encoding");
    String length = head.header("Content-Length");
    byte[] body;
    if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
      body = chunked(in);
    } else if (length != null) {
      body = in.readNBytes(Integer.parseInt(length.trim()));
    } else {
      body = toEnd(in);
    }
    return new Response(status, headers, body);
  }

  private static byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line(in);
      if (size == null) {
        return body.toByteArray();
      }
      int semicolon = size.indexOf(';');
      int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (n == 0) {
        for (String trailer = line(in); trailer != null && !trailer.isEmpty(); ) {
          trailer = line(in);
        }
        return body.toByteArray();
      }
      body.writeBytes(in.readNBytes(n));
      line(in);
    }
  }

  private static byte[] toEnd(InputStream in) throws IOException {
    try {
      return in.readAllBytes();
    } catch (SocketTimeoutException e) {
      return new byte[0];
    }
  }

  /** One line without its CRLF, ISO-8859-1; null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
          length--;
        }
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
      if (line.size() > MAX_HEAD) {
        throw new IOException("line over " + MAX_HEAD + " bytes");
      }
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }
}
