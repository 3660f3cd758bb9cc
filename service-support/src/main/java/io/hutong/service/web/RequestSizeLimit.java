package io.hutong.service.web;

import io.hutong.schemas.problem.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the configured limit with 413, whether the client declared the length
 * or streams it chunked, so an oversized body is never half-read into a change.
 */
public class RequestSizeLimit extends OncePerRequestFilter {

  private final long maxBytes;

  public RequestSizeLimit(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      ProblemResponses.write(
          request,
          response,
          413,
          ProblemTypes.PAYLOAD_TOO_LARGE,
          "The request body is " + declared + " bytes; the limit is " + maxBytes + ".");
      return;
    }
    chain.doFilter(new Limited(request, maxBytes), response);
  }

  /** The size refusal in {@code failure}'s causes, or null. */
  static TooLarge find(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TooLarge tooLarge) {
        return tooLarge;
      }
    }
    return null;
  }

  /** Thrown while reading a streamed body that passes the limit. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

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
