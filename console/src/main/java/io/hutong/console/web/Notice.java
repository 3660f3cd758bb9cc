package io.hutong.console.web;

import java.util.List;

/**
 * What a page says about a refused or failed call: a sentence in the person's language, the API's
 * own explanation when it gave one, and its itemised reasons.
 *
 * @param message the localized sentence
 * @param detail the API's detail, or null
 * @param reasons itemised reasons (incompatibilities, per-field errors)
 * @param status the HTTP status the API answered
 */
public record Notice(String message, String detail, List<String> reasons, int status) {

  public Notice {
    reasons = List.copyOf(reasons);
  }
}
