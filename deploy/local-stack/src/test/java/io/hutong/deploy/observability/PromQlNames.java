package io.hutong.deploy.observability;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads. promtool proves an expression parses but not that the
 * names in it exist; this finds them so they can be held against the list the services expose. It
 * works on the text (strings, label matchers, ranges and grouping labels removed; what remains is
 * functions, keywords, numbers and metric names), which is enough for queries written by hand and
 * already parsed by promtool.
 */
final class PromQlNames {

  private static final Pattern STRINGS =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
  private static final Pattern GROUPING_LABELS =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

  /** A name not inside a number ({@code 5m}, {@code 1e3}, {@code 0.95}); group 2: a call. */
  private static final Pattern NAME = Pattern.compile("(?<![\\w.:])([A-Za-z_:][\\w:]*)(\\s*\\()?");

  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "bool",
          "inf",
          "nan");

  private PromQlNames() {}

  /** The metric names {@code expression} selects, sorted. */
  static Set<String> in(String expression) {
    String rest = STRINGS.matcher(expression).replaceAll(" ");
    rest = MATCHERS.matcher(rest).replaceAll(" ");
    rest = RANGES.matcher(rest).replaceAll(" ");
    rest = GROUPING_LABELS.matcher(rest).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher name = NAME.matcher(rest);
    while (name.find()) {
      boolean call = name.group(2) != null;
      if (!call && !KEYWORDS.contains(name.group(1).toLowerCase(Locale.ROOT))) {
        names.add(name.group(1));
      }
    }
    return names;
  }
}
