package io.hutong.console.access;

import io.hutong.console.catalog.CatalogApi;
import io.hutong.console.gateway.ApiProblem;
import io.hutong.console.web.ConsoleProperties;
import io.hutong.console.web.Display;
import io.hutong.console.web.ProblemText;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Access review for data administrators: asking for another department's dataset (fields to read,
 * fields to verify only, and a purpose), the queue of requests to decide with their working-day
 * deadlines, approving some of the requested fields of each kind until a date and within a daily
 * lookup quota, or rejecting with a reason, withdrawing one's own request, and grants with
 * revocation after a confirmation page. Each action is one API call; a refusal comes back to the
 * page in words.
 */
@Controller
class AccessController {

  private final AccessApi access;
  private final CatalogApi catalog;
  private final ProblemText problems;
  private final Display display;
  private final ConsoleProperties properties;

  AccessController(
      AccessApi access,
      CatalogApi catalog,
      ProblemText problems,
      Display display,
      ConsoleProperties properties) {
    this.access = access;
    this.catalog = catalog;
    this.problems = problems;
    this.display = display;
    this.properties = properties;
  }

  @GetMapping("/access/request/{code}")
  String requestForm(@PathVariable String code, Model model) {
    model.addAttribute("dataset", catalog.dataset(code));
    return "access/request";
  }

  @PostMapping("/access/request/{code}")
  String request(
      @PathVariable String code,
      @RequestParam(required = false) String purpose,
      @RequestParam(required = false) List<String> fields,
      @RequestParam(required = false) List<String> verifyFields,
      Model model,
      RedirectAttributes redirect) {
    List<String> read = fields == null ? List.of() : fields;
    List<String> verify = verifyFields == null ? List.of() : verifyFields;
    try {
      access.request(code, purpose, read, verify);
    } catch (ApiProblem refused) {
      model.addAttribute("dataset", catalog.dataset(code));
      model.addAttribute("notice", problems.notice(refused));
      model.addAttribute("purpose", purpose);
      model.addAttribute("chosen", read);
      model.addAttribute("chosenVerify", verify);
      return "access/request";
    }
    redirect.addFlashAttribute("done", "access.requested");
    return "redirect:/access/outgoing";
  }

  @GetMapping("/access/incoming")
  String incoming(
      @RequestParam(defaultValue = "PENDING") String status,
      @RequestParam(required = false) String cursor,
      Model model) {
    String filter = "ALL".equals(status) ? null : "PENDING";
    model.addAttribute("status", filter == null ? "ALL" : filter);
    model.addAttribute("cursor", cursor);
    model.addAttribute(
        "requests", access.requests("provider", filter, properties.pageSize(), cursor));
    return "access/incoming";
  }

  @GetMapping("/access/outgoing")
  String outgoing(@RequestParam(required = false) String cursor, Model model) {
    model.addAttribute("cursor", cursor);
    model.addAttribute(
        "requests", access.requests("consumer", null, properties.pageSize(), cursor));
    return "access/outgoing";
  }

  @PostMapping("/access/requests/{id}/approve")
  String approve(
      @PathVariable UUID id,
      @RequestParam(required = false) List<String> fields,
      @RequestParam(required = false) List<String> verifyFields,
      @RequestParam(required = false) String lookupQuota,
      @RequestParam(required = false) String validUntil,
      RedirectAttributes redirect) {
    act(
        redirect,
        "access.approved",
        () ->
            access.approve(
                id,
                fields == null ? List.of() : fields,
                verifyFields == null ? List.of() : verifyFields,
                wholeNumber(lookupQuota),
                endOfDay(validUntil)));
    return "redirect:/access/incoming";
  }

  @PostMapping("/access/requests/{id}/reject")
  String reject(
      @PathVariable UUID id,
      @RequestParam(required = false) String reason,
      RedirectAttributes redirect) {
    act(redirect, "access.rejected", () -> access.reject(id, reason));
    return "redirect:/access/incoming";
  }

  @PostMapping("/access/requests/{id}/withdraw")
  String withdraw(@PathVariable UUID id, RedirectAttributes redirect) {
    act(redirect, "access.withdrawn", () -> access.withdraw(id));
    return "redirect:/access/outgoing";
  }

  @GetMapping("/access/grants")
  String grants(
      @RequestParam(defaultValue = "live") String state,
      @RequestParam(required = false) String cursor,
      Model model) {
    String filter = "all".equals(state) ? "all" : "live";
    model.addAttribute("state", filter);
    model.addAttribute("cursor", cursor);
    model.addAttribute("grants", access.grants(filter, properties.pageSize(), cursor));
    return "access/grants";
  }

  /** The confirmation step before a revocation: what will stop, and a reason to give. */
  @GetMapping("/access/grants/{id}/revoke")
  String confirmRevoke(@PathVariable UUID id, Model model) {
    AccessViews.Grant grant =
        access.grant(id).orElseThrow(() -> new ApiProblem(404, "not-found", null, List.of()));
    model.addAttribute("grant", grant);
    return "access/revoke";
  }

  @PostMapping("/access/grants/{id}/revoke")
  String revoke(
      @PathVariable UUID id,
      @RequestParam(required = false) String reason,
      RedirectAttributes redirect) {
    act(redirect, "access.revoked", () -> access.revoke(id, reason));
    return "redirect:/access/grants";
  }

  private void act(RedirectAttributes redirect, String doneKey, Runnable call) {
    try {
      call.run();
      redirect.addFlashAttribute("done", doneKey);
    } catch (ApiProblem refused) {
      redirect.addFlashAttribute("notice", problems.notice(refused));
    }
  }

  /**
   * The quota typed in, as a number; null when left empty. Whether it is a valid quota is the
   * catalogue's rule, so 0 or a negative number is sent and its refusal shown.
   */
  private static Long wholeNumber(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.valueOf(value.strip());
    } catch (NumberFormatException notANumber) {
      throw new ApiProblem(400, "malformed-request", null, List.of());
    }
  }

  /** The end of the chosen day in the person's time zone; null when none was chosen. */
  private Instant endOfDay(String date) {
    if (date == null || date.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(date).atTime(LocalTime.MAX).atZone(display.zone()).toInstant();
    } catch (DateTimeParseException notADate) {
      throw new ApiProblem(400, "malformed-request", null, List.of());
    }
  }
}
