package io.hutong.console.dataset;

import io.hutong.console.catalog.CatalogApi;
import io.hutong.console.catalog.CatalogViews;
import io.hutong.console.gateway.ApiProblem;
import io.hutong.console.security.ConsoleUser;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registering a dataset and editing it, for the data administrators of the providing department:
 * metadata, and the schema as field rows (rows added and removed with htmx, or by a plain submit
 * without scripts) or as raw Avro JSON. What the catalogue refuses is shown next to the field it is
 * about.
 */
@Controller
class DatasetController {

  static final List<String> CATEGORIES = List.of("BASE", "THEMATIC", "DEPARTMENTAL");
  static final List<String> SHARING_TYPES = List.of("UNCONDITIONAL", "CONDITIONAL", "NOT_SHARED");
  static final List<String> FREQUENCIES =
      List.of(
          "REALTIME", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "YEARLY", "ON_CHANGE");
  static final List<String> COMPATIBILITY =
      List.of(
          "BACKWARD",
          "BACKWARD_TRANSITIVE",
          "FORWARD",
          "FORWARD_TRANSITIVE",
          "FULL",
          "FULL_TRANSITIVE",
          "NONE");

  private final DatasetApi datasets;
  private final CatalogApi catalog;
  private final JsonMapper json;

  DatasetController(DatasetApi datasets, CatalogApi catalog, JsonMapper json) {
    this.datasets = datasets;
    this.catalog = catalog;
    this.json = json;
  }

  @ModelAttribute
  void choices(Model model) {
    model.addAttribute("categories", CATEGORIES);
    model.addAttribute("sharingTypes", SHARING_TYPES);
    model.addAttribute("frequencies", FREQUENCIES);
    model.addAttribute("compatibilityModes", COMPATIBILITY);
    model.addAttribute("fieldTypes", SchemaRows.TYPES);
    model.addAttribute("fieldMessages", Map.of());
  }

  @GetMapping("/datasets/new")
  String newDataset(ConsoleUser me, Model model) {
    DatasetForm form = new DatasetForm();
    form.setCode(me.department() == null ? "" : me.department() + ".");
    model.addAttribute("form", form);
    return "datasets/register";
  }

  @PostMapping("/datasets/new")
  String register(
      @ModelAttribute("form") DatasetForm form,
      @RequestParam(required = false) String rowAction,
      Model model) {
    if (rowAction != null) {
      applyRowAction(form, rowAction);
      return "datasets/register";
    }
    try {
      datasets.register(form.registration(json));
    } catch (ApiProblem refused) {
      model.addAttribute("fieldMessages", FieldMessages.of(refused, form));
      return "datasets/register";
    }
    return "redirect:/catalog/datasets/" + UriUtils.encodePathSegment(form.getCode(), "UTF-8");
  }

  /** htmx: the field rows again, with one added or removed. */
  @PostMapping("/datasets/rows")
  String rows(@ModelAttribute("form") DatasetForm form, @RequestParam String rowAction) {
    applyRowAction(form, rowAction);
    return "datasets/fields :: rows";
  }

  @GetMapping("/datasets/{code}/edit")
  String edit(@PathVariable String code, ConsoleUser me, Model model) {
    CatalogViews.Dataset dataset = owned(code, me);
    model.addAttribute("dataset", dataset);
    model.addAttribute("form", formOf(dataset));
    return "datasets/edit";
  }

  @PostMapping("/datasets/{code}/metadata")
  String saveMetadata(
      @PathVariable String code,
      @ModelAttribute("form") DatasetForm form,
      ConsoleUser me,
      Model model) {
    CatalogViews.Dataset dataset = owned(code, me);
    form.setCode(code);
    try {
      datasets.patch(code, form.metadataPatch());
    } catch (ApiProblem refused) {
      model.addAttribute("dataset", dataset);
      model.addAttribute("fieldMessages", FieldMessages.of(refused, form));
      return "datasets/edit";
    }
    return "redirect:/catalog/datasets/" + UriUtils.encodePathSegment(code, "UTF-8");
  }

  @PostMapping("/datasets/{code}/schema")
  String addSchema(
      @PathVariable String code,
      @ModelAttribute("form") DatasetForm form,
      @RequestParam(required = false) String rowAction,
      ConsoleUser me,
      Model model) {
    CatalogViews.Dataset dataset = owned(code, me);
    form.setCode(code);
    DatasetForm metadata = formOf(dataset);
    model.addAttribute("dataset", dataset);
    if (rowAction != null) {
      applyRowAction(form, rowAction);
      model.addAttribute("form", withSchemaOf(metadata, form));
      return "datasets/edit";
    }
    try {
      datasets.addSchema(code, form.schemaJson(json));
    } catch (ApiProblem refused) {
      model.addAttribute("fieldMessages", FieldMessages.of(refused, form));
      model.addAttribute("form", withSchemaOf(metadata, form));
      return "datasets/edit";
    }
    return "redirect:/catalog/datasets/" + UriUtils.encodePathSegment(code, "UTF-8");
  }

  /** The dataset, if this person administers its provider; otherwise the page is refused. */
  private CatalogViews.Dataset owned(String code, ConsoleUser me) {
    CatalogViews.Dataset dataset = catalog.dataset(code);
    if (me == null || !me.administers(dataset.provider())) {
      throw new AccessDeniedException("not a data administrator of " + dataset.provider());
    }
    return dataset;
  }

  private DatasetForm formOf(CatalogViews.Dataset dataset) {
    DatasetForm form = new DatasetForm();
    form.setCode(dataset.code());
    form.setName(dataset.name());
    form.setDescription(dataset.description());
    form.setCategory(dataset.category());
    form.setTags(String.join(", ", dataset.tags()));
    form.setSharingType(dataset.sharingType());
    form.setSharingConditions(dataset.sharingConditions());
    form.setLegalBasis(dataset.legalBasis());
    form.setOpenToPublic(dataset.openToPublic());
    form.setUpdateFrequency(dataset.updateFrequency());
    form.setCompatibility(dataset.compatibility());
    String current =
        catalog.schemas(dataset.code()).items().stream()
            .max(Comparator.comparingInt(CatalogViews.SchemaVersion::version))
            .map(CatalogViews.SchemaVersion::schema)
            .orElse("");
    List<FieldRow> rows = SchemaRows.rows(current);
    form.setRawSchema(current);
    if (rows == null) {
      form.setSchemaMode("raw");
    } else {
      form.setFields(rows);
    }
    return form;
  }

  private static DatasetForm withSchemaOf(DatasetForm metadata, DatasetForm schema) {
    metadata.setSchemaMode(schema.getSchemaMode());
    metadata.setRawSchema(schema.getRawSchema());
    metadata.setFields(schema.getFields());
    return metadata;
  }

  private static void applyRowAction(DatasetForm form, String action) {
    List<FieldRow> rows = new java.util.ArrayList<>(form.getFields());
    if ("add".equals(action)) {
      rows.add(new FieldRow());
    } else if (action.startsWith("remove-")) {
      try {
        int index = Integer.parseInt(action.substring("remove-".length()));
        if (index >= 0 && index < rows.size()) {
          rows.remove(index);
        }
      } catch (NumberFormatException ignored) {
        // Not a row of this form: nothing to remove.
      }
    }
    if (rows.isEmpty()) {
      rows.add(new FieldRow());
    }
    form.setFields(rows);
  }
}
