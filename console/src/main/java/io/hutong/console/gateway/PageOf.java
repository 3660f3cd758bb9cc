package io.hutong.console.gateway;

import java.util.List;

/**
 * A page of any API list: {@code {items, nextCursor}}.
 *
 * @param items this page's items
 * @param nextCursor where the next page starts, or null on the last page
 */
public record PageOf<T>(List<T> items, String nextCursor) {

  public PageOf {
    items = items == null ? List.of() : List.copyOf(items);
  }
}
