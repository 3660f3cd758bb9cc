package io.hutong.console.web;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponents;

/**
 * Links to the current page with one query parameter changed — the next page of a list with its
 * filters kept, the same page in another language. Templates call it as {@code links}.
 */
@Component
public class Links {

  /** The current page at {@code cursor}; the first page when {@code cursor} is null. */
  public String page(String cursor) {
    return with("cursor", cursor);
  }

  /** The current page in {@code language} ({@code zh-CN}, {@code en}). */
  public String language(String language) {
    return with("lang", language);
  }

  private static String with(String name, String value) {
    ServletUriComponentsBuilder builder = ServletUriComponentsBuilder.fromCurrentRequest();
    builder.replaceQueryParam("lang");
    if (value == null) {
      builder.replaceQueryParam(name);
    } else {
      builder.replaceQueryParam(name, value);
    }
    // The request's own query is already encoded, and the values set here need no encoding
    // (cursors are base64url, languages are tags), so nothing is encoded twice.
    UriComponents uri = builder.build();
    return uri.getPath() + (uri.getQuery() == null ? "" : "?" + uri.getQuery());
  }
}
