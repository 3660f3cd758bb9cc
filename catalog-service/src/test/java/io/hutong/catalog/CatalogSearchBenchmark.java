package io.hutong.catalog;

import static io.hutong.deploy.server.LocalIdentity.PUBLIC_SECURITY_SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Latency of {@code GET /datasets?q=} with 10,000 registered datasets, through HTTP with a real
 * token, audit event included. Not part of the test suite (no *IT/*Test suffix); run with {@code
 * ./hutong bench catalog}. Prints p50/p99 per query shape.
 */
class CatalogSearchBenchmark extends CatalogITBase {

  static final int DATASETS = 10_000;
  static final int WARMUP = 300;
  static final int MEASURED = 2_000;

  static final String[] TOPICS = {
    "婚姻登记信息",
    "企业注册登记",
    "社会保险缴纳",
    "不动产登记",
    "户籍人口信息",
    "医疗机构执业许可",
    "食品经营许可",
    "个体工商户",
    "残疾人证信息",
    "学历学位信息"
  };
  static final String[] WORDS = {
    "registration",
    "licence",
    "permit",
    "residents",
    "enterprise",
    "insurance",
    "property",
    "education",
    "health",
    "households"
  };
  static final String[] PROVIDERS = {
    "civil-affairs", "public-security", "human-resources", "market-regulation"
  };

  @Test
  void searchLatencyWithTenThousandDatasets() throws Exception {
    departmentsRegistered();
    seed();

    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "%-44s %8s %8s %8s %8s %10s",
            "query", "matches", "p50 ms", "p99 ms", "max ms", "req/s"));
    for (String query :
        List.of(
            "q=" + q("婚姻") + "&limit=50",
            "q=registration&limit=50",
            "provider=market-regulation&limit=50",
            "sharingType=CONDITIONAL&q=" + q("许可") + "&limit=50",
            "q=" + q("不存在的数据") + "&limit=50")) {
      lines.add(measure(query));
    }
    System.out.println(
        "\n=== GET /api/catalog/v1/datasets with "
            + DATASETS
            + " datasets, "
            + MEASURED
            + " sequential requests each (after "
            + WARMUP
            + " warm-up) ===");
    lines.forEach(System.out::println);
    System.out.println();
  }

  private String measure(String query) {
    String path = "/api/catalog/v1/datasets?" + query;
    Response first = get(PUBLIC_SECURITY_SYSTEM, path);
    assertThat(first.status()).isEqualTo(200);
    int matches = first.body().path("items").size();
    for (int i = 0; i < WARMUP; i++) {
      get(PUBLIC_SECURITY_SYSTEM, path);
    }
    long[] nanos = new long[MEASURED];
    long start = System.nanoTime();
    for (int i = 0; i < MEASURED; i++) {
      long t0 = System.nanoTime();
      Response r = get(PUBLIC_SECURITY_SYSTEM, path);
      nanos[i] = System.nanoTime() - t0;
      if (r.status() != 200) {
        throw new IllegalStateException("status " + r.status());
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(nanos);
    return String.format(
        Locale.ROOT,
        "%-40s %8d %8.2f %8.2f %8.2f %10.0f",
        java.net.URLDecoder.decode(query, java.nio.charset.StandardCharsets.UTF_8),
        matches,
        nanos[MEASURED / 2] / 1e6,
        nanos[(int) (MEASURED * 0.99)] / 1e6,
        nanos[MEASURED - 1] / 1e6,
        MEASURED / seconds);
  }

  private static void seed() throws Exception {
    Random random = new Random(42);
    Instant now = Instant.now();
    try (Connection c = stack().postgres().superuserConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "insert into catalog.dataset (code, provider, name, description, category, tags,"
                    + " sharing_type, legal_basis, open_to_public, update_frequency, compatibility,"
                    + " status, current_schema_version, search_text, created_at, created_by,"
                    + " updated_at) values (?, ?, ?, ?, 'THEMATIC', ?, ?, ?, false, 'DAILY',"
                    + " 'BACKWARD', 'ACTIVE', 1, ?, ?, 'benchmark', ?) on conflict do nothing")) {
      c.setAutoCommit(false);
      for (int i = 0; i < DATASETS; i++) {
        String provider = PROVIDERS[i % PROVIDERS.length];
        String topic = TOPICS[random.nextInt(TOPICS.length)];
        String word = WORDS[random.nextInt(WORDS.length)];
        String name = topic + " " + i;
        String description =
            "Bench dataset " + i + " about " + word + " in district " + random.nextInt(100);
        String[] tags = {word, topic.substring(0, 2)};
        String sharing = i % 3 == 0 ? "UNCONDITIONAL" : i % 3 == 1 ? "CONDITIONAL" : "NOT_SHARED";
        insert.setString(1, provider + ".bench-" + i);
        insert.setString(2, provider);
        insert.setString(3, name);
        insert.setString(4, description);
        insert.setArray(5, c.createArrayOf("text", tags));
        insert.setString(6, sharing);
        insert.setString(7, sharing.equals("UNCONDITIONAL") ? null : "《政务信息资源共享管理暂行办法》");
        insert.setString(
            8, (name + " " + description + " " + String.join(" ", tags)).toLowerCase(Locale.ROOT));
        insert.setTimestamp(9, Timestamp.from(now));
        insert.setTimestamp(10, Timestamp.from(now));
        insert.addBatch();
        if (i % 1000 == 999) {
          insert.executeBatch();
        }
      }
      insert.executeBatch();
      c.commit();
      try (var s = c.createStatement()) {
        s.execute("analyze catalog.dataset");
      }
    }
  }
}
