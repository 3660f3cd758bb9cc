package io.hutong.gateway.edge;

import io.hutong.gateway.audit.GatewayAudit;
import io.hutong.schemas.audit.AuditLimits;
import io.hutong.schemas.problem.ProblemTypes;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;

/**
 * Sits in each connection's pipeline between Netty's HTTP codec and Reactor Netty's traffic
 * handler, so it sees every request before Reactor Netty and WebFlux do, and every response after
 * they wrote it.
 *
 * <p>Inbound, it applies {@link EdgeRules}; a refused request is marked as a failed decode, which
 * Reactor Netty answers itself, in order, and closes the connection after — exactly as it does for
 * a request line too long (414), headers too large (431) or bytes that are not HTTP (400).
 *
 * <p>Outbound, every error answer without a body — those of Reactor Netty's decoder, of the marked
 * requests, and any a framework layer would send empty — is rewritten into problem+json with the
 * request's {@code X-Request-Id}, and counted in the audit log as a refusal before authentication.
 * Responses are matched to requests in order, as HTTP/1.1 sends them.
 */
final class EdgeProblems extends ChannelDuplexHandler {

  /** What a response must be matched with: the request it answers, as far as it was understood. */
  private record Seen(String method, String path, String requestId, EdgeRefusal refusal) {
    Seen refusedBy(EdgeRefusal later) {
      return new Seen(method, path, requestId, later);
    }
  }

  private final EdgeRules rules;
  private final GatewayAudit audit;
  private final Deque<Seen> awaitingAnswer = new ArrayDeque<>();

  EdgeProblems(EdgeRules rules, GatewayAudit audit) {
    this.rules = rules;
    this.audit = audit;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      awaitingAnswer.addLast(inspect(request));
    } else if (msg instanceof HttpContent content
        && content.decoderResult().isFailure()
        && !awaitingAnswer.isEmpty()) {
      // A body that breaks its framing (chunked encoding): Reactor Netty answers 400 for it.
      Seen request = awaitingAnswer.removeLast();
      awaitingAnswer.addLast(request.refusedBy(classify(content.decoderResult().cause())));
    }
    ctx.fireChannelRead(msg);
  }

  private Seen inspect(HttpRequest request) {
    // The client's own id if usable; a fresh one is made only if a problem is written (describe).
    String requestId = AuditLimits.requestIdOrNull(request.headers().get("X-Request-Id"));
    DecoderResult decoded = request.decoderResult();
    if (decoded.isFailure()) {
      return new Seen(null, null, requestId, classify(decoded.cause()));
    }
    String method = request.method().name();
    String target = EdgeRules.asciiTarget(request.uri());
    EdgeRefusal refusal;
    if (target == null) {
      refusal = EdgeRules.notUtf8Target();
    } else {
      if (!target.equals(request.uri())) {
        request.setUri(target);
      }
      refusal = rules.check(method, target, request.headers());
    }
    if (refusal != null) {
      request.setDecoderResult(DecoderResult.failure(refusal));
    }
    String path = refusal == null || refusal.targetTrusted() ? pathOf(request.uri()) : null;
    return new Seen(method, path, requestId, refusal);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response && response.status().code() >= 200) {
      Seen seen = awaitingAnswer.pollFirst();
      boolean head = seen != null && HttpMethod.HEAD.name().equals(seen.method());
      if (msg instanceof FullHttpResponse full && isEmptyError(full, full.content().isReadable())) {
        FullHttpResponse problem = withProblem(ctx, full, seen, head);
        ReferenceCountUtil.release(full);
        ctx.write(problem, promise);
        return;
      }
      if (head && isEmptyError(response, false)) {
        // The answer to HEAD, headers only: it gets the problem's headers, as HTTP allows no body.
        describe(ctx, response, seen);
      }
    }
    ctx.write(msg, promise);
  }

  private static boolean isEmptyError(HttpResponse response, boolean hasBody) {
    return response.status().code() >= 400
        && !hasBody
        && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE);
  }

  /** A copy of {@code empty} with the problem as body (none for HEAD) and headers. */
  private FullHttpResponse withProblem(
      ChannelHandlerContext ctx, FullHttpResponse empty, Seen seen, boolean head) {
    HttpResponse described = new DefaultHttpResponse(empty.protocolVersion(), empty.status());
    described.headers().set(empty.headers());
    byte[] body = describe(ctx, described, seen);
    FullHttpResponse problem =
        new DefaultFullHttpResponse(
            empty.protocolVersion(),
            described.status(),
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
    problem.headers().set(described.headers());
    return problem;
  }

  /**
   * Gives {@code response} the status and headers of the problem that explains it, counts the
   * refusal in the audit log, and returns the problem's body.
   */
  private byte[] describe(ChannelHandlerContext ctx, HttpResponse response, Seen seen) {
    EdgeRefusal refusal =
        seen != null && seen.refusal() != null ? seen.refusal() : generic(response.status().code());
    String requestId = response.headers().get("X-Request-Id");
    if (requestId == null) {
      requestId =
          seen != null && seen.requestId() != null
              ? seen.requestId()
              : UUID.randomUUID().toString();
    }
    String path = seen == null ? null : seen.path();
    String instance = path != null ? path : "urn:hutong:request:" + requestId;
    byte[] body =
        ProblemTypes.json(refusal.status(), refusal.type(), refusal.detail(), instance)
            .getBytes(StandardCharsets.UTF_8);
    response.setStatus(HttpResponseStatus.valueOf(refusal.status()));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set("X-Request-Id", requestId)
        .set("X-Content-Type-Options", "nosniff")
        .set("Cache-Control", "no-store");
    if (!response.headers().contains("Content-Security-Policy")) {
      response
          .headers()
          .set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    }
    if (refusal.status() == 405) {
      response.headers().set(HttpHeaderNames.ALLOW, String.join(", ", EdgeRules.METHODS));
    }
    audit.refusedBeforeAuthentication(
        address(ctx.channel().remoteAddress()),
        refusal.auditReason(),
        seen == null || seen.method() == null ? null : seen.method() + " " + path,
        requestId);
    return body;
  }

  /** Netty's decoder failures: the three Reactor Netty distinguishes, with a useful detail. */
  static EdgeRefusal classify(Throwable failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof EdgeRefusal refusal) {
      return refusal;
    }
    if (cause instanceof TooLongHttpLineException) {
      return new EdgeRefusal(
          414,
          "The request line (method, target and version) is longer than the gateway accepts.",
          "request line too long",
          false);
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new EdgeRefusal(
          431,
          "The request headers are larger than the gateway accepts.",
          "headers too large",
          false);
    }
    return new EdgeRefusal(
        400,
        "The request is not well-formed HTTP/1.1 (request line, header or chunked body).",
        "not well-formed HTTP",
        false);
  }

  /** For an empty error answer of a layer that did not say why. */
  private static EdgeRefusal generic(int status) {
    return new EdgeRefusal(
        status, "The gateway refused this request.", ProblemTypes.title(status), false);
  }

  private static String pathOf(String uri) {
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    if (!path.startsWith("/")) {
      int scheme = path.indexOf("://");
      int slash = scheme < 0 ? -1 : path.indexOf('/', scheme + 3);
      path = slash < 0 ? "/" : path.substring(slash);
    }
    return AuditLimits.bound(path, AuditLimits.RESOURCE);
  }

  private static String address(SocketAddress remote) {
    return remote instanceof InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress().getHostAddress()
        : null;
  }
}
