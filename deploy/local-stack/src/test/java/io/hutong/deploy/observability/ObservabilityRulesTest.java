package io.hutong.deploy.observability;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * deploy/observability is what an operator loads into Prometheus and Grafana; nothing else in the
 * build runs it. This checks it with Prometheus's own promtool (the rules parse and their unit
 * tests pass, the scrape config is valid, every dashboard query parses) and holds every metric name
 * in them against metrics.txt, the names the services expose, so a renamed meter fails here rather
 * than as an empty graph or an alert that can never fire.
 */
class ObservabilityRulesTest {

  private static final Path OBSERVABILITY = observabilityDirectory();
  private static final Path PROMETHEUS = OBSERVABILITY.resolve("prometheus");
  private static final Path RULES = PROMETHEUS.resolve("hutong-alerts.yml");
  private static final Path RULE_TESTS = PROMETHEUS.resolve("hutong-alerts.test.yml");
  private static final Path DASHBOARD = OBSERVABILITY.resolve("grafana/hutong-dashboard.json");

  /** Grafana's own variables, replaced by literals before promtool sees a dashboard query. */
  private static final Map<String, String> GRAFANA_BUILT_INS =
      Map.of("__rate_interval", "5m", "__interval", "1m", "__range", "1h");

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\((.*),\\s*(\\w+)\\s*\\)", Pattern.DOTALL);
  private static final Pattern RUNBOOK =
      Pattern.compile("deploy/observability/README\\.md#([\\w-]+)");

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    assertPromtoolSucceeds(PROMETHEUS, "check", "rules", RULES.getFileName().toString());
  }

  @Test
  void theRulesPassTheirUnitTests() throws Exception {
    assertPromtoolSucceeds(PROMETHEUS, "test", "rules", RULE_TESTS.getFileName().toString());
  }

  @Test
  void promtoolAcceptsTheScrapeConfig() throws Exception {
    assertPromtoolSucceeds(PROMETHEUS, "check", "config", "prometheus.yml");
  }

  @Test
  void promtoolRefusesABrokenRule(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("broken.yml"),
        "groups:\n- name: broken\n  rules:\n  - alert: Broken\n    expr: sum(rate(up[5m])\n");
    Promtool.Result result = Promtool.onPath().run(dir, "check", "rules", "broken.yml");
    assertThat(result.exitCode()).as(result.output()).isNotZero();
  }

  @Test
  void everyAlertHasForSeverityAnnotationsAndARunbookSection() throws IOException {
    String readme = Files.readString(OBSERVABILITY.resolve("README.md"), UTF_8);
    Set<String> anchors =
        readme
            .lines()
            .filter(line -> line.startsWith("#"))
            .map(ObservabilityRulesTest::anchorOf)
            .collect(Collectors.toSet());
    List<JsonNode> alerts = alerts();
    assertThat(alerts).isNotEmpty();
    for (JsonNode alert : alerts) {
      String name = alert.path("alert").asString();
      assertThat(alert.path("for").asString()).as("%s: for", name).isNotBlank();
      assertThat(alert.path("labels").path("severity").asString())
          .as("%s: severity", name)
          .isIn("warning", "critical");
      JsonNode annotations = alert.path("annotations");
      assertThat(annotations.path("summary").asString()).as("%s: summary", name).isNotBlank();
      assertThat(annotations.path("description").asString())
          .as("%s: description", name)
          .isNotBlank();
      Matcher runbook = RUNBOOK.matcher(annotations.path("runbook").asString());
      assertThat(runbook.matches())
          .as("%s: runbook %s", name, annotations.path("runbook"))
          .isTrue();
      assertThat(anchors).as("%s: README section for its runbook", name).contains(runbook.group(1));
    }
  }

  @Test
  void everyAlertHasSeriesThatFireItAndSeriesThatMustNot() throws IOException {
    Set<String> firing = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    for (JsonNode test : YAML.readTree(Files.readString(RULE_TESTS, UTF_8)).path("tests")) {
      for (JsonNode check : test.path("alert_rule_test")) {
        String name = check.path("alertname").asString();
        (check.path("exp_alerts").isEmpty() ? quiet : firing).add(name);
      }
    }
    Set<String> names = new TreeSet<>();
    alerts().forEach(alert -> names.add(alert.path("alert").asString()));
    assertThat(firing).as("alerts a unit test fires").containsAll(names);
    assertThat(quiet).as("alerts a unit test expects silent").containsAll(names);
  }

  @Test
  void everyDashboardPanelQueriesPrometheusThroughTheDatasourceVariable() throws IOException {
    List<JsonNode> panels = panels();
    assertThat(panels).hasSizeGreaterThan(20);
    for (JsonNode panel : panels) {
      String title = panel.path("title").asString();
      assertThat(panel.path("targets")).as("%s: targets", title).isNotEmpty();
      assertThat(panel.path("datasource").path("uid").asString())
          .as("%s: datasource", title)
          .isEqualTo("${DS_PROMETHEUS}");
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("expr").asString()).as("%s: expr", title).isNotBlank();
      }
    }
  }

  @Test
  void everyDashboardQueryIsValidPromQl(@TempDir Path dir) throws Exception {
    Map<String, String> queries = dashboardQueries();
    StringBuilder rules = new StringBuilder("groups:\n- name: dashboard\n  rules:\n");
    int n = 0;
    for (String query : queries.values()) {
      rules
          .append("  - record: dashboard_query_")
          .append(n++)
          .append("\n    expr: ")
          .append(JSON.writeValueAsString(withLiterals(query)))
          .append('\n');
    }
    Files.writeString(dir.resolve("dashboard.yml"), rules);
    assertPromtoolSucceeds(dir, "check", "rules", "dashboard.yml");
  }

  @Test
  void everyDashboardVariableIsDefined() throws IOException {
    Set<String> defined = new TreeSet<>(GRAFANA_BUILT_INS.keySet());
    defined.add("__all"); // a multi-value variable's "All" selection
    dashboard()
        .path("templating")
        .path("list")
        .forEach(v -> defined.add(v.path("name").asString()));
    String text = Files.readString(DASHBOARD, UTF_8);
    Matcher use = VARIABLE.matcher(text);
    while (use.find()) {
      String name = use.group(1) != null ? use.group(1) : use.group(2);
      assertThat(defined).as("dashboard variable $%s", name).contains(name);
    }
  }

  @Test
  void rulesAndDashboardReadOnlyTheMetricsTheServicesExpose() throws IOException {
    Set<String> exposed =
        Files.readAllLines(OBSERVABILITY.resolve("metrics.txt"), UTF_8).stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> known = new TreeSet<>(exposed);
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonNode rule : rules()) {
      if (rule.has("record")) {
        known.add(rule.path("record").asString());
      }
      String label = (rule.has("alert") ? rule.path("alert") : rule.path("record")).asString();
      queries.put("rule " + label, rule.path("expr").asString());
    }
    queries.putAll(dashboardQueries());
    Set<String> used = new TreeSet<>();
    queries.forEach(
        (where, query) -> {
          Set<String> names = PromQlNames.in(withLiterals(query));
          assertThat(known).as("metric names of %s: %s", where, query).containsAll(names);
          used.addAll(names);
        });
    assertThat(used).as("names found at all").hasSizeGreaterThan(20);
  }

  @Test
  void metricNamesAreFoundOutsideStringsMatchersRangesAndGroupings() {
    assertThat(
            PromQlNames.in(
                "sum by (application, uri) (rate(a_total{uri=\"/x/{code}\", s=~\"5..\"}[5m]))"
                    + " / on (uri) group_left (team) b:rate5m offset 1h > bool 0.5e1 unless c"))
        .containsExactly("a_total", "b:rate5m", "c");
  }

  private static void assertPromtoolSucceeds(Path dir, String... args) throws Exception {
    Promtool.Result result = Promtool.onPath().run(dir, args);
    assertThat(result.exitCode())
        .as("promtool %s:%n%s", String.join(" ", args), result.output())
        .isZero();
  }

  /** Every panel query and every variable's selector, by where it is. */
  private static Map<String, String> dashboardQueries() throws IOException {
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonNode panel : panels()) {
      for (JsonNode target : panel.path("targets")) {
        queries.put(
            "panel " + panel.path("title").asString() + " " + target.path("refId").asString(),
            target.path("expr").asString());
      }
    }
    for (JsonNode variable : dashboard().path("templating").path("list")) {
      if (variable.path("type").asString().equals("query")) {
        Matcher labelValues = LABEL_VALUES.matcher(variable.path("query").asString());
        assertThat(labelValues.matches()).as("variable %s", variable.path("name")).isTrue();
        queries.put("variable " + variable.path("name").asString(), labelValues.group(1));
      }
    }
    return queries;
  }

  /** {@code $__rate_interval} → {@code 5m}, a dashboard variable → a plain label value. */
  private static String withLiterals(String query) {
    return VARIABLE
        .matcher(query)
        .replaceAll(
            use -> {
              String name = use.group(1) != null ? use.group(1) : use.group(2);
              return GRAFANA_BUILT_INS.getOrDefault(name, "hutong");
            });
  }

  private static List<JsonNode> panels() throws IOException {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard().path("panels")) {
      if (panel.path("type").asString().equals("row")) {
        panel.path("panels").forEach(panels::add);
      } else {
        panels.add(panel);
      }
    }
    return panels;
  }

  private static JsonNode dashboard() throws IOException {
    return JSON.readTree(Files.readString(DASHBOARD, UTF_8));
  }

  private static List<JsonNode> rules() throws IOException {
    List<JsonNode> rules = new ArrayList<>();
    for (JsonNode group : YAML.readTree(Files.readString(RULES, UTF_8)).path("groups")) {
      group.path("rules").forEach(rules::add);
    }
    return rules;
  }

  private static List<JsonNode> alerts() throws IOException {
    return rules().stream().filter(rule -> rule.has("alert")).toList();
  }

  /** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to dashes. */
  private static String anchorOf(String heading) {
    return heading
        .replaceFirst("^#+\\s*", "")
        .strip()
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^\\w\\- ]", "")
        .replace(' ', '-');
  }

  /** The module runs from deploy/local-stack; the files sit in deploy/observability. */
  private static Path observabilityDirectory() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("deploy/observability"))) {
        return dir.resolve("deploy/observability");
      }
    }
    throw new IllegalStateException(
        "no deploy/observability above " + Path.of("").toAbsolutePath());
  }
}
