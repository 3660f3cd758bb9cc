package io.hutong.exchange.web;

import io.hutong.exchange.config.ExchangeProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the configured limit with 413, whether the client declared the length
 * or streams it chunked, so an oversized body is never half-read into a change.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimit extends OncePerRequestFilter {

  private final long maxBytes;

  RequestSizeLimit(ExchangeProperties properties) {
    this.maxBytes = properties.publish().maxRequestSize().toBytes();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
      response.setContentType("application/problem+json");
      byte[] problem =
          ("{\"type\":\""
                  + "urn:hutong:problem:payload-too-large"
                  + "\",\"title\":\"Content Too Large\","
                  + "\"status\":413,\"detail\":\"The request body is "
                  + declared
                  + " bytes; the limit is "
                  + maxBytes
                  + ".\"}")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      response.setContentLength(problem.length);
      response.getOutputStream().write(problem);
      return;
    }
    chain.doFilter(new Limited(request, maxBytes), response);
  }

  static boolean tooLarge(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TooLarge) {
        return true;
      }
    }
    return false;
  }

  static String detail(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TooLarge) {
        return t.getMessage();
      }
    }
    return "The request body is too large.";
  }

  /** Thrown while reading a streamed body that passes the limit. */
  static final class TooLarge extends IOException {
    TooLarge(long limit) {
      super("The request body is larger than the limit of " + limit + " bytes.");
    }
  }

  private static final class Limited extends HttpServletRequestWrapper {
    private final long limit;

    Limited(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      ServletInputStream in = super.getInputStream();
      return new ServletInputStream() {
        private long read;

        @Override
        public int read() throws IOException {
          int b = in.read();
          if (b >= 0) {
            count(1);
          }
          return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          int n = in.read(buffer, offset, length);
          if (n > 0) {
            count(n);
          }
          return n;
        }

        private void count(int n) throws TooLarge {
          read += n;
          if (read > limit) {
            throw new TooLarge(limit);
          }
        }

        @Override
        public boolean isFinished() {
          return in.isFinished();
        }

        @Override
        public boolean isReady() {
          return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
          in.setReadListener(listener);
        }
      };
    }
  }
}
