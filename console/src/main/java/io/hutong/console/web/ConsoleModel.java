package io.hutong.console.web;

import io.hutong.console.gateway.ApiProblem;
import io.hutong.console.security.ConsoleUser;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every page's layout needs — the signed-in person, for the greeting and the navigation their
 * roles allow — and the page shown when an API call behind a page was refused or failed: the reason
 * in words, with the API's status, never a stack trace.
 */
@ControllerAdvice
class ConsoleModel {

  private final ProblemText problems;
  private final Display display;
  private final Links links;

  ConsoleModel(ProblemText problems, Display display, Links links) {
    this.problems = problems;
    this.display = display;
    this.links = links;
  }

  /** Dates in the person's zone and language ({@code display.dateTime(...)} in templates). */
  @ModelAttribute("display")
  Display display() {
    return display;
  }

  /** Links to the current page with a parameter changed ({@code links.page(...)}). */
  @ModelAttribute("links")
  Links links() {
    return links;
  }

  @ModelAttribute("me")
  ConsoleUser me() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return ConsoleUser.of(authentication);
  }

  @ExceptionHandler(ApiProblem.class)
  String refused(ApiProblem problem, Model model, HttpServletResponse response) {
    response.setStatus(problem.status());
    model.addAttribute("me", me());
    model.addAttribute("display", display);
    model.addAttribute("links", links);
    model.addAttribute("notice", problems.notice(problem));
    return "problem";
  }
}
