package io.hutong.service.web;

import java.time.Instant;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses, while a request body is bound, values no service can store or mean: text with NUL or
 * other control characters (PostgreSQL refuses NUL in text; the others only hide what an auditor
 * reads), and instants outside years 0001–9999 (PostgreSQL's timestamp range ends earlier than
 * Java's). A refused value fails binding, which every service answers with a 400 problem naming the
 * field. Applies to request records only: published record values are checked against their Avro
 * schema by the exchange.
 */
public final class JsonInputGuard extends SimpleModule {

  private static final long serialVersionUID = 1L;

  static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  public JsonInputGuard() {
    super("hutong-json-input-guard");
    addDeserializer(String.class, new Text());
    addDeserializer(Instant.class, new Moment());
  }

  /**
   * Whether {@code value} holds a character other than tab, line feed or carriage return below
   * 0x20, or DEL.
   */
  public static boolean hasControlCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code value} is text no service accepts: it holds a control character ({@link
   * #hasControlCharacter}) or half of a surrogate pair (not Unicode; PostgreSQL and Kafka's readers
   * would each mangle it differently).
   */
  public static boolean isRefused(String value) {
    if (hasControlCharacter(value)) {
      return true;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code instant} lies in years 0001–9999. */
  public static boolean inRange(Instant instant) {
    return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
  }

  private static final class Text extends ValueDeserializer<String> {
    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) {
      String value = StringDeserializer.instance.deserialize(parser, context);
      if (value != null && isRefused(value)) {
        return (String)
            context.handleWeirdStringValue(
                String.class,
                value,
                "text must not contain NUL, other control characters or unpaired surrogates");
      }
      return value;
    }
  }

  private static final class Moment extends ValueDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) {
      Instant value = InstantDeserializer.INSTANT.deserialize(parser, context);
      if (value != null && !inRange(value)) {
        return (Instant)
            context.handleWeirdStringValue(
                Instant.class, parser.getString(), "instants must lie in years 0001 to 9999");
      }
      return value;
    }
  }
}
