package io.hutong.console.department;

import io.hutong.console.catalog.CatalogApi;
import io.hutong.console.gateway.ApiProblem;
import io.hutong.console.gateway.Gateway;
import io.hutong.console.web.ConsoleProperties;
import io.hutong.console.web.ProblemText;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Platform administration: the departments known to the exchange, and registering a new one — what
 * the catalogue lets a platform administrator do.
 */
@Controller
class DepartmentController {

  private final CatalogApi catalog;
  private final Gateway gateway;
  private final ProblemText problems;
  private final ConsoleProperties properties;

  DepartmentController(
      CatalogApi catalog, Gateway gateway, ProblemText problems, ConsoleProperties properties) {
    this.catalog = catalog;
    this.gateway = gateway;
    this.problems = problems;
    this.properties = properties;
  }

  @GetMapping("/admin/departments")
  String list(@RequestParam(required = false) String cursor, Model model) {
    model.addAttribute("cursor", cursor);
    model.addAttribute("departments", catalog.departments(properties.pageSize(), cursor));
    return "admin/departments";
  }

  @PostMapping("/admin/departments")
  String create(
      @RequestParam(required = false) String code,
      @RequestParam(required = false) String name,
      Model model,
      RedirectAttributes redirect) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code == null ? "" : code.strip());
    body.put("name", name == null ? "" : name.strip());
    try {
      gateway.post(uri -> uri.path("/api/catalog/v1/departments").build(), body, String.class);
    } catch (ApiProblem refused) {
      model.addAttribute("notice", problems.notice(refused));
      model.addAttribute("code", code);
      model.addAttribute("name", name);
      model.addAttribute("departments", catalog.departments(properties.pageSize(), null));
      return "admin/departments";
    }
    redirect.addFlashAttribute("done", "department.created");
    return "redirect:/admin/departments";
  }
}
