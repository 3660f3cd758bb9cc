package io.hutong.console.standards;

import io.hutong.console.catalog.CatalogApi;
import io.hutong.console.catalog.CatalogViews;
import io.hutong.console.gateway.ApiProblem;
import io.hutong.console.security.ConsoleUser;
import io.hutong.console.web.ProblemText;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * The "Data standards" section of the dataset page, for the provider's data administrators: add a
 * standard to a data item of the current schema version, remove one, choose what a violation does
 * at publish. Each change reads the dataset's whole set, changes it and sends it back, so older
 * versions' standards are kept; what the catalogue refuses comes back to the section with the
 * reason per standard and the form as it was filled in.
 */
@Controller
class StandardsController {

  private final StandardsApi standards;
  private final CatalogApi catalog;
  private final ProblemText problems;

  StandardsController(StandardsApi standards, CatalogApi catalog, ProblemText problems) {
    this.standards = standards;
    this.catalog = catalog;
    this.problems = problems;
  }

  @PostMapping("/catalog/datasets/{code}/standards")
  String add(
      @PathVariable String code,
      @ModelAttribute StandardForm form,
      ConsoleUser me,
      RedirectAttributes redirect) {
    CatalogViews.Dataset dataset = owned(code, me);
    StandardSet set = standards.read(code);
    redirect.addFlashAttribute("standardForm", form);
    return replace(
        code,
        set.violationMode(),
        set.with(form.standard(dataset.currentSchemaVersion())),
        redirect);
  }

  @PostMapping("/catalog/datasets/{code}/standards/remove")
  String remove(
      @PathVariable String code,
      @RequestParam String field,
      @RequestParam String kind,
      ConsoleUser me,
      RedirectAttributes redirect) {
    CatalogViews.Dataset dataset = owned(code, me);
    StandardSet set = standards.read(code);
    return replace(
        code,
        set.violationMode(),
        set.without(dataset.currentSchemaVersion(), field, kind),
        redirect);
  }

  @PostMapping("/catalog/datasets/{code}/standards/mode")
  String mode(
      @PathVariable String code,
      @RequestParam String violationMode,
      ConsoleUser me,
      RedirectAttributes redirect) {
    owned(code, me);
    StandardSet set = standards.read(code);
    return replace(code, violationMode, set.standards(), redirect);
  }

  private String replace(
      String code, String mode, List<StandardSet.Attached> next, RedirectAttributes redirect) {
    try {
      standards.replace(code, mode, next);
      redirect.addFlashAttribute("standardsSaved", true);
      redirect.getFlashAttributes().remove("standardForm");
    } catch (ApiProblem refused) {
      redirect.addFlashAttribute("standardsNotice", problems.notice(refused));
    }
    return "redirect:/catalog/datasets/" + UriUtils.encodePathSegment(code, "UTF-8") + "#standards";
  }

  /** The dataset, if this person administers its provider; otherwise the change is refused. */
  private CatalogViews.Dataset owned(String code, ConsoleUser me) {
    CatalogViews.Dataset dataset = catalog.dataset(code);
    if (me == null || !me.administers(dataset.provider())) {
      throw new AccessDeniedException("not a data administrator of " + dataset.provider());
    }
    return dataset;
  }
}
