package io.hutong.gateway.edge;

import io.hutong.schemas.problem.ProblemTypes;
import java.net.URI;

/**
 * Why the gateway refused a request before any route, filter or token check saw it. It travels as
 * the cause of a failed Netty {@code DecoderResult}, so Reactor Netty answers the request in its
 * own order (pipelined requests stay in order) and {@link EdgeProblems} then gives that answer its
 * status and problem body; hence an exception, but one without a stack trace, which would cost more
 * than the refusal.
 */
final class EdgeRefusal extends RuntimeException {

  private final int status;
  private final URI type;
  private final String reason;
  private final boolean targetTrusted;

  /**
   * @param status the HTTP status of the answer
   * @param detail what the client did wrong, for the problem's {@code detail}; never echoes input
   * @param reason short and stable, for the audit log, where equal reasons are counted together
   * @param targetTrusted true when the request target passed the checks, so it may be the problem's
   *     {@code instance}
   */
  EdgeRefusal(int status, String detail, String reason, boolean targetTrusted) {
    super(detail, null, false, false);
    this.status = status;
    this.type = ProblemTypes.forStatus(status);
    this.reason = reason;
    this.targetTrusted = targetTrusted;
  }

  int status() {
    return status;
  }

  URI type() {
    return type;
  }

  String detail() {
    return getMessage();
  }

  /** {@code <status> <reason>}: the audit reason, equal for equal mistakes. */
  String auditReason() {
    return status + " " + reason;
  }

  boolean targetTrusted() {
    return targetTrusted;
  }
}
