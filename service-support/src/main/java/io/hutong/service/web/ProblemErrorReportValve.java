package io.hutong.service.web;

import io.hutong.schemas.problem.ProblemTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleListener;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.TomcatContextCustomizer;

/**
 * Tomcat's last word on a request, replacing its HTML error report: what Tomcat refuses before any
 * filter or servlet runs (a URI it cannot decode, a request line or header it cannot parse) is
 * answered as problem+json with a request id like every other refusal.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

  /** Installs the valve on the host of the service's context, replacing Tomcat's and Boot's. */
  public static TomcatContextCustomizer installer() {
    return context -> {
      if (context.getParent() instanceof StandardHost host) {
        host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        context.addLifecycleListener(new Replace(host));
      }
    };
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    String id = response.getHeader(RequestIds.HEADER);
    if (id == null) {
      id = UUID.randomUUID().toString();
      response.setHeader(RequestIds.HEADER, id);
    }
    String detail =
        status == 400
            ? "The request could not be parsed: its request line, path or headers are not"
                + " well-formed."
            : ProblemTypes.title(status) + ".";
    byte[] body =
        ProblemTypes.json(status, ProblemTypes.forStatus(status), detail, instance(request))
            .getBytes(StandardCharsets.UTF_8);
    try {
      response.setContentType("application/problem+json");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
      response.finishResponse();
    } catch (IOException | IllegalStateException e) {
      // The client is gone or the response cannot be written; nothing else to tell it.
    }
  }

  /**
   * The path as the client sent it, with anything but printable ASCII percent-encoded, so the
   * problem's {@code instance} is a URI reference whatever the client sent.
   */
  static String instance(Request request) {
    String uri = request.getRequestURI();
    if (uri == null || uri.isEmpty()) {
      return "/";
    }
    StringBuilder out = new StringBuilder();
    for (byte b : uri.getBytes(StandardCharsets.ISO_8859_1)) {
      int c = b & 0xff;
      if (c > 0x20 && c < 0x7f && c != '"' && c != '\\') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
      if (out.length() > 500) {
        break;
      }
    }
    return out.toString();
  }

  /** Removes every other error report valve from the host once it has added its own. */
  private record Replace(StandardHost host) implements LifecycleListener {
    @Override
    public void lifecycleEvent(LifecycleEvent event) {
      if (!"before_start".equals(event.getType())) {
        return;
      }
      boolean ours = false;
      for (Valve valve : host.getPipeline().getValves()) {
        if (valve instanceof ProblemErrorReportValve) {
          ours = true;
        } else if (valve instanceof ErrorReportValve) {
          host.getPipeline().removeValve(valve);
        }
      }
      if (!ours) {
        host.getPipeline().addValve(new ProblemErrorReportValve());
      }
    }
  }
}
