package io.hutong.exchange.web;

import java.net.URI;

/** Stable problem {@code type} URIs of the exchange; clients may branch on them. */
public final class Problems {

  public static final URI UNAUTHENTICATED = URI.create("urn:hutong:problem:unauthenticated");
  public static final URI FORBIDDEN = URI.create("urn:hutong:problem:forbidden");
  public static final URI MALFORMED_REQUEST = URI.create("urn:hutong:problem:malformed-request");
  public static final URI INVALID_REQUEST = URI.create("urn:hutong:problem:invalid-request");
  public static final URI NOT_FOUND = URI.create("urn:hutong:problem:not-found");
  public static final URI METHOD_NOT_ALLOWED = URI.create("urn:hutong:problem:method-not-allowed");
  public static final URI UNSUPPORTED_MEDIA_TYPE =
      URI.create("urn:hutong:problem:unsupported-media-type");
  public static final URI PAYLOAD_TOO_LARGE = URI.create("urn:hutong:problem:payload-too-large");
  public static final URI INTERNAL = URI.create("urn:hutong:problem:internal-error");

  private Problems() {}
}
