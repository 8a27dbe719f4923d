package dev.parapet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The expected status of every CIS 1.12 entry on the kubeadm v1.34 default manifests, the hardened
 * ones and a badly configured kube-system dump; and the meta-test that every entry with a test
 * passes on some of that data and is not passed on some other.
 */
class BenchDataTest {
  /** kubeadm's defaults: as research and kube-bench runs on fresh kubeadm clusters report. */
  private static final String DEFAULT_EXPECTED =
      """
      1.2.1 WARN   1.2.2 PASS   1.2.3 WARN   1.2.4 PASS   1.2.5 FAIL   1.2.6 PASS
      1.2.7 PASS   1.2.8 PASS   1.2.9 WARN   1.2.10 PASS  1.2.11 WARN  1.2.12 PASS
      1.2.13 PASS  1.2.14 PASS  1.2.15 FAIL  1.2.16 FAIL  1.2.17 FAIL  1.2.18 FAIL
      1.2.19 FAIL  1.2.20 WARN  1.2.21 PASS  1.2.22 PASS  1.2.23 PASS  1.2.24 PASS
      1.2.25 PASS  1.2.26 PASS  1.2.27 WARN  1.2.28 WARN  1.2.29 WARN  1.2.30 FAIL
      1.3.1 WARN   1.3.2 FAIL   1.3.3 PASS   1.3.4 PASS   1.3.5 PASS   1.3.6 PASS
      1.3.7 PASS   1.4.1 FAIL   1.4.2 PASS
      2.1 PASS     2.2 PASS     2.3 PASS     2.4 PASS     2.5 PASS     2.6 PASS     2.7 PASS
      """;

  /** Only the entries a person must judge, with no test, are left. */
  private static final String HARDENED_EXPECTED =
      """
      1.2.1 PASS   1.2.2 PASS   1.2.3 PASS   1.2.4 PASS   1.2.5 PASS   1.2.6 PASS
      1.2.7 PASS   1.2.8 PASS   1.2.9 PASS   1.2.10 PASS  1.2.11 PASS  1.2.12 PASS
      1.2.13 PASS  1.2.14 PASS  1.2.15 PASS  1.2.16 PASS  1.2.17 PASS  1.2.18 PASS
      1.2.19 PASS  1.2.20 WARN  1.2.21 PASS  1.2.22 PASS  1.2.23 PASS  1.2.24 PASS
      1.2.25 PASS  1.2.26 PASS  1.2.27 PASS  1.2.28 WARN  1.2.29 PASS  1.2.30 PASS
      1.3.1 PASS   1.3.2 PASS   1.3.3 PASS   1.3.4 PASS   1.3.5 PASS   1.3.6 PASS
      1.3.7 PASS   1.4.1 PASS   1.4.2 PASS
      2.1 PASS     2.2 PASS     2.3 PASS     2.4 PASS     2.5 PASS     2.6 PASS     2.7 PASS
      """;

  private static final String INSECURE_EXPECTED =
      """
      1.2.1 WARN   1.2.2 FAIL   1.2.3 WARN   1.2.4 FAIL   1.2.5 FAIL   1.2.6 FAIL
      1.2.7 FAIL   1.2.8 FAIL   1.2.9 WARN   1.2.10 FAIL  1.2.11 WARN  1.2.12 FAIL
      1.2.13 FAIL  1.2.14 FAIL  1.2.15 FAIL  1.2.16 FAIL  1.2.17 FAIL  1.2.18 FAIL
      1.2.19 FAIL  1.2.20 WARN  1.2.21 FAIL  1.2.22 FAIL  1.2.23 FAIL  1.2.24 FAIL
      1.2.25 FAIL  1.2.26 FAIL  1.2.27 WARN  1.2.28 WARN  1.2.29 WARN  1.2.30 FAIL
      1.3.1 WARN   1.3.2 FAIL   1.3.3 FAIL   1.3.4 FAIL   1.3.5 FAIL   1.3.6 FAIL
      1.3.7 FAIL   1.4.1 FAIL   1.4.2 FAIL
      2.1 FAIL     2.2 FAIL     2.3 FAIL     2.4 FAIL     2.5 FAIL     2.6 FAIL     2.7 WARN
      """;

  static Map<String, Status> expected(String table) {
    Map<String, Status> out = new TreeMap<>();
    String[] words = table.trim().split("\\s+");
    for (int i = 0; i < words.length; i += 2) {
      out.put(words[i], Status.valueOf(words[i + 1]));
    }
    return out;
  }

  static Map<String, Status> actual(BenchReport report) {
    Map<String, Status> out = new TreeMap<>();
    for (BenchResult r : report.results()) {
      Status before = out.put(r.id(), r.status());
      assertThat(before).as("one instance per component in this data: %s", r.id()).isNull();
    }
    return out;
  }

  @Test
  void kubeadmDefaultsFailProfilingAuditLogKubeletCaAndTokenExpiry() {
    BenchReport report = BenchData.run(BenchData.DEFAULT);
    assertThat(actual(report)).isEqualTo(expected(DEFAULT_EXPECTED));
    assertThat(report.kubernetes()).hasToString("1.34");
    assertThat(report.versionSource()).isEqualTo("image tag");
  }

  @Test
  void hardenedManifestsPassEveryEntryWithATest() {
    assertThat(actual(BenchData.run(BenchData.HARDENED))).isEqualTo(expected(HARDENED_EXPECTED));
  }

  @Test
  void insecureDumpFailsEveryAutomatedEntry() {
    BenchReport report = BenchData.run(BenchData.INSECURE);
    assertThat(actual(report)).isEqualTo(expected(INSECURE_EXPECTED));
    assertThat(report.kubernetes()).hasToString("1.33");
  }

  @Test
  void expectedTablesCoverEveryEntry() {
    Set<String> ids = new java.util.TreeSet<>();
    BenchData.cis().checks().forEach(c -> ids.add(c.id()));
    assertThat(expected(DEFAULT_EXPECTED).keySet()).isEqualTo(ids);
    assertThat(expected(HARDENED_EXPECTED).keySet()).isEqualTo(ids);
    assertThat(expected(INSECURE_EXPECTED).keySet()).isEqualTo(ids);
  }

  /**
   * Every entry with a test passes on some test data and is not passed on some other: FAIL for an
   * automated entry, WARN for a manual one.
   */
  @Test
  void everyEntryWithATestHasAPassingAndAFailingCase() {
    Map<String, EnumSet<Status>> seen = new LinkedHashMap<>();
    for (String path : List.of(BenchData.DEFAULT, BenchData.HARDENED, BenchData.INSECURE)) {
      for (BenchResult r : BenchData.run(path).results()) {
        seen.computeIfAbsent(r.id(), k -> EnumSet.noneOf(Status.class)).add(r.status());
      }
    }
    List<String> missing = new ArrayList<>();
    for (BenchCheck c : BenchData.cis().checks()) {
      if (c.test().isEmpty()) {
        assertThat(seen.get(c.id())).as(c.id()).containsOnly(Status.WARN);
        continue;
      }
      Status bad = c.scored() ? Status.FAIL : Status.WARN;
      if (!seen.get(c.id()).contains(Status.PASS)) {
        missing.add(c.id() + " never passes");
      }
      if (!seen.get(c.id()).contains(bad)) {
        missing.add(c.id() + " never " + bad);
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void coreDnsAndOtherPodsAreNotComponents() {
    assertThat(BenchData.instances(BenchData.INSECURE))
        .extracting(Instance::name)
        .containsExactly(
            "kube-system/kube-apiserver-cp1",
            "kube-system/kube-controller-manager-cp1",
            "kube-system/kube-scheduler-cp1",
            "kube-system/etcd-cp1");
  }
}
