package io.hutong.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * An HTTP server standing in for a service behind the gateway. The gateway's tests point routes at
 * it to see what the gateway forwards and how it answers, without starting the real services.
 */
final class StandInUpstream {

  private StandInUpstream() {}

  /**
   * What a stand-in does with one call: records what the test needs, returns the JSON to answer.
   */
  interface Answer {
    String to(HttpExchange exchange) throws IOException;
  }

  /**
   * Starts a stand-in on a free local port answering every path 200 with the JSON {@code answer}
   * returns; each call runs on its own virtual thread, so a slow answer holds up no other.
   */
  static HttpServer start(Answer answer) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext("/", exchange -> json(exchange, 200, answer.to(exchange)));
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers {@code exchange} with {@code status} and {@code body} as {@code application/json}. */
  static void json(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
