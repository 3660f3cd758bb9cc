package io.hutong.console.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Shows instants in the person's own time zone and language. The zone comes from the {@code tz}
 * cookie that the console's script sets from the browser; until then (or when it is not a valid
 * zone) the configured default, Asia/Shanghai. Templates call it as {@code @display}.
 */
@Component
public class Display {

  static final String ZONE_COOKIE = "tz";

  private final ZoneId defaultZone;

  Display(ConsoleProperties properties) {
    this.defaultZone = properties.defaultTimeZone();
  }

  /** Date and time, e.g. 2026-11-28 20:15. */
  public String dateTime(Instant instant) {
    return instant == null
        ? ""
        : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
            .withLocale(LocaleContextHolder.getLocale())
            .format(instant.atZone(zone()));
  }

  /** The date alone. */
  public String date(Instant instant) {
    return instant == null
        ? ""
        : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
            .withLocale(LocaleContextHolder.getLocale())
            .format(instant.atZone(zone()));
  }

  /** The zone dates are shown in for this request. */
  public ZoneId zone() {
    if (RequestContextHolder.getRequestAttributes()
        instanceof ServletRequestAttributes attributes) {
      HttpServletRequest request = attributes.getRequest();
      if (request.getCookies() != null) {
        for (Cookie cookie : request.getCookies()) {
          if (ZONE_COOKIE.equals(cookie.getName())) {
            return parse(cookie.getValue());
          }
        }
      }
    }
    return defaultZone;
  }

  private ZoneId parse(String value) {
    try {
      return value == null || value.length() > 64 ? defaultZone : ZoneId.of(value);
    } catch (DateTimeException unknown) {
      return defaultZone;
    }
  }
}
