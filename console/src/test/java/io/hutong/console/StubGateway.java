package io.hutong.console;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the gateway: answers each "METHOD /path" with a canned status and JSON body, and
 * records every call (with its Authorization header and body) so tests can see what the console
 * sent, and that a refused form sent nothing.
 */
final class StubGateway implements AutoCloseable {

  /** One call the console made. */
  record Call(String method, String path, String authorization, String body) {}

  private record Answer(int status, String contentType, String body) {}

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();

  StubGateway() {
    try {
      server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String path = exchange.getRequestURI().getPath();
          calls.add(
              new Call(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().toString(),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  body));
          Answer answer =
              answers.getOrDefault(
                  exchange.getRequestMethod() + " " + path,
                  new Answer(
                      404,
                      "application/problem+json",
                      "{\"type\":\"urn:hutong:problem:not-found\",\"status\":404}"));
          byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", answer.contentType());
          exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
          if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
          }
          exchange.close();
        });
    server.start();
  }

  String uri() {
    return "http://localhost:" + server.getAddress().getPort();
  }

  /** Answers {@code method path} with 200 and {@code json}. */
  StubGateway answer(String method, String path, String json) {
    return answer(method, path, 200, json);
  }

  StubGateway answer(String method, String path, int status, String json) {
    answers.put(
        method + " " + path,
        new Answer(status, status >= 400 ? "application/problem+json" : "application/json", json));
    return this;
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  void reset() {
    answers.clear();
    calls.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
