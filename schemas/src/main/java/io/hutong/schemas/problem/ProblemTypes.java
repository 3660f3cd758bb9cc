package io.hutong.schemas.problem;

import io.hutong.schemas.json.JsonText;
import java.net.URI;

/**
 * The stable RFC 9457 problem {@code type} URIs every Hutong answer uses, servlet services and the
 * reactive gateway alike. Clients branch on these, so they are a contract: add, never rename.
 */
public final class ProblemTypes {

  /** Prefix of every Hutong problem type. */
  public static final String PREFIX = "urn:hutong:problem:";

  public static final URI UNAUTHENTICATED = of("unauthenticated");
  public static final URI FORBIDDEN = of("forbidden");
  public static final URI MALFORMED_REQUEST = of("malformed-request");
  public static final URI INVALID_REQUEST = of("invalid-request");
  public static final URI NOT_FOUND = of("not-found");
  public static final URI METHOD_NOT_ALLOWED = of("method-not-allowed");
  public static final URI NOT_ACCEPTABLE = of("not-acceptable");
  public static final URI UNSUPPORTED_MEDIA_TYPE = of("unsupported-media-type");
  public static final URI PAYLOAD_TOO_LARGE = of("payload-too-large");
  public static final URI URI_TOO_LONG = of("uri-too-long");
  public static final URI HEADERS_TOO_LARGE = of("headers-too-large");
  public static final URI TOO_MANY_REQUESTS = of("too-many-requests");
  public static final URI CONCURRENT_CHANGE = of("concurrent-change");
  public static final URI SERVICE_UNAVAILABLE = of("service-unavailable");
  public static final URI GATEWAY_TIMEOUT = of("gateway-timeout");
  public static final URI INTERNAL = of("internal-error");

  private ProblemTypes() {}

  /** {@code urn:hutong:problem:<slug>}. */
  public static URI of(String slug) {
    return URI.create(PREFIX + slug);
  }

  /** The generic type of an HTTP status, for answers no rule named more precisely. */
  public static URI forStatus(int status) {
    return switch (status) {
      case 400 -> MALFORMED_REQUEST;
      case 401 -> UNAUTHENTICATED;
      case 403 -> FORBIDDEN;
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 406 -> NOT_ACCEPTABLE;
      case 409 -> CONCURRENT_CHANGE;
      case 413 -> PAYLOAD_TOO_LARGE;
      case 414 -> URI_TOO_LONG;
      case 415 -> UNSUPPORTED_MEDIA_TYPE;
      case 429 -> TOO_MANY_REQUESTS;
      case 431 -> HEADERS_TOO_LARGE;
      case 503 -> SERVICE_UNAVAILABLE;
      case 504 -> GATEWAY_TIMEOUT;
      default -> status >= 500 ? INTERNAL : INVALID_REQUEST;
    };
  }

  /** The standard reason phrase of a status, the problem's {@code title}. */
  public static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 412 -> "Precondition Failed";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 415 -> "Unsupported Media Type";
      case 416 -> "Range Not Satisfiable";
      case 422 -> "Unprocessable Content";
      case 428 -> "Precondition Required";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> status >= 500 ? "Server Error" : "Client Error";
    };
  }

  /**
   * A complete problem+json document, written without a JSON library, for the layers that answer
   * before any framework runs (container error pages, Netty decoder failures).
   */
  public static String json(int status, URI type, String detail, String instance) {
    StringBuilder out = new StringBuilder(160);
    out.append("{\"type\":");
    JsonText.quote(out, type.toString());
    out.append(",\"title\":");
    JsonText.quote(out, title(status));
    out.append(",\"status\":").append(status).append(",\"detail\":");
    JsonText.quote(out, detail);
    if (instance != null) {
      out.append(",\"instance\":");
      JsonText.quote(out, instance);
    }
    return out.append('}').toString();
  }
}
