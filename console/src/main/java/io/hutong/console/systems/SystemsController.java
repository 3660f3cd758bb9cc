package io.hutong.console.systems;

import io.hutong.console.access.AccessApi;
import io.hutong.console.access.AccessViews;
import io.hutong.console.catalog.CatalogApi;
import io.hutong.console.security.ConsoleUser;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * What a department's systems may do on the exchange, for its data administrators: the datasets
 * they publish (those the department provides) and the datasets they may subscribe to (the
 * department's live grants as consumer, with the granted fields), plus who consumes the
 * department's data. The exchange lists subscriptions only to the system that owns them and keeps
 * no per-department counts, so the page shows what the catalogue knows and says so.
 */
@Controller
class SystemsController {

  private final CatalogApi catalog;
  private final AccessApi access;

  SystemsController(CatalogApi catalog, AccessApi access) {
    this.catalog = catalog;
    this.access = access;
  }

  @GetMapping("/systems")
  String systems(ConsoleUser me, Model model) {
    model.addAttribute("published", catalog.search(null, me.department(), null, 500, null).items());
    List<AccessViews.Grant> grants = access.grants("live", 500, null).items();
    model.addAttribute(
        "consumed", grants.stream().filter(g -> g.consumer().equals(me.department())).toList());
    model.addAttribute(
        "provided", grants.stream().filter(g -> g.provider().equals(me.department())).toList());
    return "systems/index";
  }
}
