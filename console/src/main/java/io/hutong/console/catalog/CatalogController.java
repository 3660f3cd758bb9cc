package io.hutong.console.catalog;

import io.hutong.console.quality.QualityApi;
import io.hutong.console.standards.StandardForm;
import io.hutong.console.web.ConsoleProperties;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The catalogue for everyone signed in: search (substring, in Chinese or any language) with filters
 * and paging, each dataset's page with its metadata, fields, field standards, schema history and
 * quality (the provider's data administrators also get the form that changes the standards), and
 * the DCAT description of the whole catalogue.
 */
@Controller
class CatalogController {

  static final java.util.List<String> SHARING_TYPES =
      java.util.List.of("UNCONDITIONAL", "CONDITIONAL", "NOT_SHARED");

  private final CatalogApi catalog;
  private final ConsoleProperties properties;
  private final QualityApi quality;

  CatalogController(CatalogApi catalog, ConsoleProperties properties, QualityApi quality) {
    this.catalog = catalog;
    this.properties = properties;
    this.quality = quality;
  }

  @GetMapping("/catalog")
  String search(
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String provider,
      @RequestParam(required = false) String sharingType,
      @RequestParam(required = false) String cursor,
      Model model) {
    String type = sharingType != null && SHARING_TYPES.contains(sharingType) ? sharingType : null;
    model.addAttribute("q", q);
    model.addAttribute("provider", provider);
    model.addAttribute("sharingType", type);
    model.addAttribute("cursor", cursor);
    model.addAttribute("sharingTypes", SHARING_TYPES);
    model.addAttribute("departments", catalog.departments(500, null).items());
    model.addAttribute("results", catalog.search(q, provider, type, properties.pageSize(), cursor));
    return "catalog/search";
  }

  @GetMapping("/catalog/datasets/{code}")
  String dataset(@PathVariable String code, Model model) {
    model.addAttribute("dataset", catalog.dataset(code));
    java.util.List<CatalogViews.SchemaVersion> versions = catalog.schemas(code).items();
    model.addAttribute("versions", versions);
    model.addAttribute("steps", SchemaDiff.steps(versions).reversed());
    model.addAttribute("quality", quality.report(code).orElse(null));
    model.addAttribute("standardKinds", StandardForm.KINDS);
    if (!model.containsAttribute("standardForm")) {
      model.addAttribute("standardForm", new StandardForm());
    }
    return "catalog/dataset";
  }

  /** The catalogue's DCAT JSON-LD, fetched with the person's token (the API wants one). */
  @GetMapping("/catalog/dcat")
  ResponseEntity<String> dcat() {
    return ResponseEntity.ok()
        .contentType(MediaType.valueOf("application/ld+json"))
        .header("Content-Disposition", "inline; filename=\"hutong-catalog.jsonld\"")
        .body(catalog.dcat());
  }
}
