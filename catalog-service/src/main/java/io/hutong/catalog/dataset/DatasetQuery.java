package io.hutong.catalog.dataset;

import io.hutong.catalog.rules.Text;
import java.util.Locale;

/**
 * A catalogue search: free text (substring of name, description or tags, case-insensitive) and
 * filters; null means "any".
 */
record DatasetQuery(String text, String provider, SharingType sharingType, DatasetStatus status) {

  DatasetQuery {
    Text.line("q", text);
    Text.line("provider", provider);
    text = text == null || text.isBlank() ? null : text.strip().toLowerCase(Locale.ROOT);
    provider = provider == null || provider.isBlank() ? null : provider.strip();
  }
}
