package dev.parapet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The definition files: the shipped one is complete and well-formed, broken ones are refused. */
class BenchmarkTest {
  private static final String HEAD =
      """
      benchmark: t
      title: t
      kubernetes: {from: "1.30", to: "1.34"}
      sections: [{id: "9", title: t, target: master}]
      checks:
        - id: "9.1"
          section: "9"
          component: kube-apiserver
          title: t
          automated: true
          severity: low
          stride: Tampering
          remediation: r
      """;

  private static Benchmark parse(String text) {
    return Benchmark.parse("t.yaml", text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shippedCis112HasEveryIdOfSections11To43AndParapetsAdditions() {
    Benchmark b = BenchData.cis();
    assertThat(b.id()).isEqualTo("cis-1.12");
    Set<String> ids = new TreeSet<>();
    b.checks().forEach(c -> ids.add(c.id()));
    Set<String> expected = new TreeSet<>();
    IntStream.rangeClosed(1, 21).forEach(i -> expected.add("1.1." + i));
    IntStream.rangeClosed(1, 30).forEach(i -> expected.add("1.2." + i));
    IntStream.rangeClosed(1, 7).forEach(i -> expected.add("1.3." + i));
    IntStream.rangeClosed(1, 2).forEach(i -> expected.add("1.4." + i));
    IntStream.rangeClosed(1, 7).forEach(i -> expected.add("2." + i));
    IntStream.rangeClosed(1, 3).forEach(i -> expected.add("3.1." + i));
    IntStream.rangeClosed(1, 2).forEach(i -> expected.add("3.2." + i));
    IntStream.rangeClosed(1, 10).forEach(i -> expected.add("4.1." + i));
    IntStream.rangeClosed(1, 14).forEach(i -> expected.add("4.2." + i));
    expected.add("4.3.1");
    // parapet's own, in sections that CIS does not use
    IntStream.rangeClosed(1, 5).forEach(i -> expected.add("P.1." + i));
    expected.add("P.2.1");
    IntStream.rangeClosed(1, 2).forEach(i -> expected.add("P.3." + i));
    assertThat(ids).isEqualTo(expected);
  }

  @Test
  void shippedEntriesAreWellFormed() {
    List<String> bad = new ArrayList<>();
    for (BenchCheck c : BenchData.cis().checks()) {
      if (c.title().isBlank() || c.title().endsWith(".")) {
        bad.add(c.id() + ": title");
      }
      if (c.remediation().length() < 20) {
        bad.add(c.id() + ": remediation");
      }
      if (c.scored() && c.test().isEmpty()) {
        bad.add(c.id() + ": automated without a test");
      }
    }
    assertThat(bad).isEmpty();
    // the research sheet's Automated/Manual labels of CIS 1.12
    Set<String> manual = new TreeSet<>();
    BenchData.cis().checks().stream().filter(c -> !c.scored()).forEach(c -> manual.add(c.id()));
    assertThat(manual)
        .containsExactlyInAnyOrder(
            "1.1.9",
            "1.1.10",
            "1.1.20",
            "1.1.21",
            "1.2.1",
            "1.2.3",
            "1.2.9",
            "1.2.11",
            "1.2.20",
            "1.2.27",
            "1.2.28",
            "1.2.29",
            "1.3.1",
            "2.7",
            "3.1.1",
            "3.1.2",
            "3.1.3",
            "3.2.1",
            "3.2.2",
            "4.1.3",
            "4.1.4",
            "4.1.7",
            "4.1.8",
            "4.2.4",
            "4.2.5",
            "4.2.7",
            "4.2.8",
            "4.2.9",
            "4.2.11",
            "4.2.12",
            "4.2.13",
            "4.2.14",
            // parapet's: what a person should weigh rather than a rule to enforce
            "P.1.4",
            "P.1.5",
            "P.2.1",
            "P.3.1");
  }

  @Test
  void everyValueComparisonOnAFlagHasADefaultOrIsAboutPresence() {
    // a flag compared by value without a default fails when unset; that must be meant
    Set<String> meantWithoutDefault =
        Set.of("kube-apiserver tls-cipher-suites", "kubelet tls-cipher-suites");
    List<String> missing = new ArrayList<>();
    for (BenchCheck c : BenchData.cis().checks()) {
      c.test().ifPresent(t -> collect(c.component(), t, missing));
    }
    missing.removeAll(meantWithoutDefault);
    assertThat(missing).isEmpty();
  }

  /** The kubelet's defaults are in kubelet-settings.txt (both kinds); the others' in defaults. */
  private static boolean hasDefault(Component component, String flag) {
    if (component == Component.KUBELET) {
      return KubeletSettings.mapping(flag)
          .filter(m -> m.flagsDefault().isPresent() && m.configDefault().isPresent())
          .isPresent();
    }
    if (component == Component.PROXY) {
      return ProxySettings.get(
              new ComponentSettings(Component.PROXY, "t", Optional.empty(), List.of()),
              Optional.empty(),
              "",
              flag)
          .value()
          .isPresent();
    }
    return Defaults.shipped().flag(component, flag, new KubeVersion(1, 34)).isPresent();
  }

  private static void collect(Component component, Criterion t, List<String> out) {
    if (t instanceof Criterion.All a) {
      a.parts().forEach(p -> collect(component, p, out));
    } else if (t instanceof Criterion.Any a) {
      a.parts().forEach(p -> collect(component, p, out));
    } else if (t instanceof Criterion.Condition c
        && c.subject() == Criterion.Subject.FLAG
        && c.op() != Op.PRESENT
        && c.op() != Op.ABSENT
        && !hasDefault(component, c.name())) {
      out.add(component.binary() + " " + c.name());
    }
  }

  @Test
  void shippedDefaultsHoldForEveryVersionTheBenchmarkCovers() {
    Benchmark b = BenchData.cis();
    for (int minor = b.from().minor(); minor <= b.to().minor(); minor++) {
      KubeVersion v = new KubeVersion(1, minor);
      assertThat(Defaults.shipped().admissionPluginsOn(v)).as("%s", v).isPresent();
      assertThat(Defaults.shipped().flag(Component.APISERVER, "profiling", v)).isPresent();
    }
    assertThat(Defaults.shipped().admissionPluginsOn(new KubeVersion(1, 34)).orElseThrow())
        .contains("NamespaceLifecycle", "ServiceAccount", "PodSecurity")
        .doesNotContain(
            "NodeRestriction",
            "AlwaysAdmit",
            "AlwaysPullImages",
            "EventRateLimit",
            "DenyServiceExternalIPs");
  }

  @Test
  void admissionPluginsOnByDefaultFollowTheRelease() {
    Defaults d = Defaults.shipped();
    for (int minor : new int[] {23, 24, 25, 26, 27, 28, 29, 30, 34}) {
      KubeVersion v = new KubeVersion(1, minor);
      assertThat(d.admissionPluginsOn(v).orElseThrow())
          .as("%s", v)
          .contains("NamespaceLifecycle", "ServiceAccount", "PodSecurity", "ResourceQuota")
          .doesNotContain("NodeRestriction", "AlwaysPullImages", "EventRateLimit", "AlwaysAdmit");
    }
    // PodSecurity's gate was off in 1.22; parapet states nothing for it
    assertThat(d.admissionPluginsOn(new KubeVersion(1, 22))).isEmpty();
    // ValidatingAdmissionPolicy's gate is on by default from 1.30 (GA)
    assertThat(d.admissionPluginsOn(new KubeVersion(1, 29)).orElseThrow())
        .doesNotContain("ValidatingAdmissionPolicy");
    assertThat(d.admissionPluginsOn(new KubeVersion(1, 30)).orElseThrow())
        .contains("ValidatingAdmissionPolicy");
    // ClusterTrustBundleAttest arrived with its API in 1.27
    assertThat(d.admissionPluginsOn(new KubeVersion(1, 26)).orElseThrow())
        .doesNotContain("ClusterTrustBundleAttest");
    assertThat(d.admissionPluginsOn(new KubeVersion(1, 27)).orElseThrow())
        .contains("ClusterTrustBundleAttest");
  }

  @Test
  void admissionPluginRangesDoNotOverlap() {
    // the first range holding a version wins, so an overlap would hide a later range
    Defaults d = Defaults.shipped();
    assertThat(d.admissionPluginsOn(new KubeVersion(1, 26)).orElseThrow()).hasSize(18);
    assertThat(d.admissionPluginsOn(new KubeVersion(1, 27)).orElseThrow()).hasSize(19);
    assertThat(d.admissionPluginsOn(new KubeVersion(1, 29)).orElseThrow()).hasSize(19);
    assertThat(d.admissionPluginsOn(new KubeVersion(1, 30)).orElseThrow()).hasSize(20);
  }

  @Test
  void unknownBenchmarkIsEmpty() {
    assertThat(Benchmark.load("cis-0.1")).isEmpty();
  }

  @Test
  void unknownOpNamesTheEntryAndLine() {
    assertThatThrownBy(() -> parse(HEAD + "    test: {flag: profiling, op: hass, value: x}\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "t.yaml:14: check 9.1: unknown op 'hass' (expected present, absent, eq, noteq, has,"
                + " nothas, subset, gte, lte, regex, mode-at-most, owner)");
  }

  @Test
  void malformedEntriesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> parse(HEAD))
        .hasMessageContaining("check 9.1: an automated check needs a test");
    assertThatThrownBy(() -> parse(HEAD + "    test: {flag: a, op: gte, value: ten}\n"))
        .hasMessageContaining("op gte needs an integer, not 'ten'");
    assertThatThrownBy(() -> parse(HEAD + "    test: {flag: a, op: regex, value: \"(\"}\n"))
        .hasMessageContaining("bad regex '('");
    assertThatThrownBy(() -> parse(HEAD + "    test: {flag: a, op: eq}\n"))
        .hasMessageContaining("op eq needs a value");
    assertThatThrownBy(() -> parse(HEAD + "    test: {flag: a, op: present, value: x}\n"))
        .hasMessageContaining("op present takes no value");
    assertThatThrownBy(
            () -> parse(HEAD + "    test: {flag: a, op: mode-at-most, value: \"600\"}\n"))
        .hasMessageContaining("op mode-at-most is for files only");
    assertThatThrownBy(
            () -> parse(HEAD + "    test: {file: /f, op: mode-at-most, value: \"68\"}\n"))
        .hasMessageContaining("mode-at-most needs an octal mode");
    assertThatThrownBy(() -> parse(HEAD + "    test: {file: /f, op: owner, value: root}\n"))
        .hasMessageContaining("owner needs user:group");
    assertThatThrownBy(() -> parse(HEAD + "    test: {setting: plugins, op: has, value: X}\n"))
        .hasMessageContaining("unknown setting 'plugins'");
    assertThatThrownBy(
            () -> parse(HEAD + "    test: {setting: admission-plugins, op: eq, value: X}\n"))
        .hasMessageContaining("admission-plugins takes has or nothas");
    assertThatThrownBy(() -> parse(HEAD + "    test: {gate: G, op: has, value: X}\n"))
        .hasMessageContaining("a feature gate takes eq or noteq");
    assertThatThrownBy(() -> parse(HEAD + "    test: {flag: a, gate: b, op: present}\n"))
        .hasMessageContaining("a condition reads one thing");
    assertThatThrownBy(() -> parse(HEAD + "    test: {all: []}\n"))
        .hasMessageContaining("an empty 'all'");
    assertThatThrownBy(() -> parse(HEAD + "    scored: true\n    test: {flag: a, op: present}\n"))
        .hasMessageContaining("unknown key 'scored'");
    assertThatThrownBy(
            () ->
                parse(
                    HEAD.replace("component: kube-apiserver", "component: apiserver")
                        + "    test: {flag: a, op: present}\n"))
        .hasMessageContaining("unknown component 'apiserver'");
    assertThatThrownBy(
            () ->
                parse(
                    HEAD.replace("id: \"9.1\"", "id: \"8.1\"")
                        + "    test: {flag: a, op: present}\n"))
        .hasMessageContaining("id does not start with its section 9");
    assertThatThrownBy(
            () ->
                parse(
                    HEAD.replace("stride: Tampering", "stride: Mischief")
                        + "    test: {flag: a, op: present}\n"))
        .hasMessageContaining("unknown STRIDE category 'Mischief'");
  }

  @Test
  void nestedAllAndAnyAreRead() {
    Benchmark b =
        parse(
            HEAD
                + "    test:\n      any:\n        - {flag: a, op: present}\n        - all:\n"
                + "            - {flag: b, op: present}\n            - {gate: G, op: eq, value:"
                + " \"true\"}\n");
    Criterion t = b.checks().get(0).test().orElseThrow();
    assertThat(t).isInstanceOf(Criterion.Any.class);
    assertThat(((Criterion.Any) t).parts().get(1)).isInstanceOf(Criterion.All.class);
  }

  @Test
  void kubeVersionReadsTagsAndPlainVersions() {
    assertThat(KubeVersion.parse("v1.34.1")).contains(new KubeVersion(1, 34));
    assertThat(KubeVersion.parse("1.33")).contains(new KubeVersion(1, 33));
    assertThat(KubeVersion.parse("1.35.0-rc.1")).contains(new KubeVersion(1, 35));
    assertThat(KubeVersion.parse("latest")).isEmpty();
    assertThat(StaticPods.imageVersion("my.registry:5000/kube-apiserver:v1.31.2"))
        .contains(new KubeVersion(1, 31));
    assertThat(StaticPods.imageVersion("kube-apiserver")).isEmpty();
  }

  @Test
  void docsCoverageTableListsEveryEntryWithItsLabel() throws java.io.IOException {
    String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs", "bench.md"));
    List<String> wrong = new ArrayList<>();
    for (BenchCheck c : BenchData.cis().checks()) {
      String row =
          "| " + c.id() + " | " + c.title() + " | " + (c.scored() ? "automated" : "manual") + " | ";
      if (!doc.contains(row)) {
        wrong.add(row);
      }
    }
    assertThat(wrong).as("rows missing or stale in docs/bench.md").isEmpty();
  }

  /** CIS 2.0 keeps every id and test of 1.12 and covers Kubernetes 1.34 and 1.35. */
  @Test
  void cis20ExtendsCis112WithItsOwnRangeAndWording() {
    Benchmark v112 = Benchmark.load("cis-1.12").orElseThrow();
    Benchmark v20 = Benchmark.load("cis-2.0").orElseThrow();
    assertThat(v20.title()).isEqualTo("CIS Kubernetes Benchmark v2.0");
    assertThat(v20.from()).hasToString("1.34");
    assertThat(v20.to()).hasToString("1.35");
    assertThat(v20.sections()).isEqualTo(v112.sections());
    assertThat(v20.checks())
        .extracting(BenchCheck::id)
        .isEqualTo(v112.checks().stream().map(BenchCheck::id).toList());
    assertThat(v20.checks())
        .extracting(BenchCheck::test)
        .isEqualTo(v112.checks().stream().map(BenchCheck::test).toList());
    BenchCheck c22 =
        v20.checks().stream().filter(c -> c.id().equals("2.2")).findFirst().orElseThrow();
    assertThat(c22.remediation()).contains("--config-file");
    assertThat(
            v112.checks().stream()
                .filter(c -> c.id().equals("2.2"))
                .findFirst()
                .orElseThrow()
                .remediation())
        .doesNotContain("--config-file");
    assertThat(Benchmark.LATEST).isEqualTo("cis-2.0");
  }

  @Test
  void theBenchmarkForAVersionIsTheNewestCoveringIt() {
    assertThat(Benchmark.forVersion(new KubeVersion(1, 33)).id()).isEqualTo("cis-1.12");
    assertThat(Benchmark.forVersion(new KubeVersion(1, 34)).id()).isEqualTo("cis-2.0");
    assertThat(Benchmark.forVersion(new KubeVersion(1, 35)).id()).isEqualTo("cis-2.0");
    assertThat(Benchmark.forVersion(new KubeVersion(1, 37)).id()).isEqualTo("cis-2.0");
    assertThat(Benchmark.forVersion(new KubeVersion(1, 20)).id()).isEqualTo("cis-1.12");
  }

  @Test
  void badExtensionsAreRefusedWithTheReason() {
    String head = "benchmark: x\ntitle: X\nkubernetes: {from: \"1.34\", to: \"1.35\"}\n";
    assertThatThrownBy(() -> parse(head + "extends: cis-9\n"))
        .hasMessageContaining("extends unknown benchmark 'cis-9'");
    assertThatThrownBy(() -> parse(head + "extends: cis-2.0\n"))
        .hasMessageContaining("extends cis-2.0, which extends another");
    assertThatThrownBy(
            () -> parse(head + "extends: cis-1.12\noverrides:\n  - {id: 9.9, title: t}\n"))
        .hasMessageContaining("override of 9.9, which cis-1.12 does not have");
    assertThatThrownBy(
            () -> parse(head + "extends: cis-1.12\noverrides:\n  - {id: 1.2.1, test: x}\n"))
        .hasMessageContaining("unknown key 'test' in an override");
  }
}
