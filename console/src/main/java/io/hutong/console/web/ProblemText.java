package io.hutong.console.web;

import io.hutong.console.gateway.ApiProblem;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Turns an {@link ApiProblem} into words: each problem type the API can answer has a sentence in
 * the message bundles ({@code problem.<slug>}); a type added later falls back to the sentence for
 * its status class.
 */
@Component
public class ProblemText {

  private final MessageSource messages;

  ProblemText(MessageSource messages) {
    this.messages = messages;
  }

  public Notice notice(ApiProblem problem) {
    Locale locale = LocaleContextHolder.getLocale();
    String fallback =
        messages.getMessage(
            problem.status() >= 500 ? "problem.server" : "problem.client",
            new Object[] {problem.status()},
            locale);
    String message = messages.getMessage("problem." + problem.slug(), null, fallback, locale);
    return new Notice(message, problem.detail(), problem.reasons(), problem.status());
  }
}
