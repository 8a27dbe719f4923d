package dev.parapet.bench;

import static dev.parapet.bench.BenchData.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The evaluator's rules: ops, defaults, admission plugin arithmetic, flag parsing. */
class BenchEvaluatorTest {
  private static final String APISERVER_IMAGE = "registry.k8s.io/kube-apiserver:v1.34.1";

  /** The result of the shipped entry {@code id} on the single instance of the given pod. */
  private static BenchResult judge(String id, String podYaml) {
    return judge(id, podYaml, BenchEvaluator.Options.defaults());
  }

  private static BenchResult judge(String id, String podYaml, BenchEvaluator.Options options) {
    List<BenchResult> rs =
        BenchEvaluator.evaluate(
                BenchData.cis(), BenchData.yaml(podYaml).instances(), options, Defaults.shipped())
            .results()
            .stream()
            .filter(r -> r.id().equals(id))
            .toList();
    assertThat(rs).hasSize(1);
    return rs.get(0);
  }

  private static String apiserver(String... flags) {
    String[] command = new String[flags.length + 1];
    command[0] = "kube-apiserver";
    System.arraycopy(flags, 0, command, 1, flags.length);
    return pod("kube-apiserver", APISERVER_IMAGE, command);
  }

  /** An entry of its own, to try one condition on an API server. */
  private static BenchResult condition(String testYaml, String... flags) {
    String def =
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
            test: %s
        """
            .formatted(testYaml);
    Benchmark b = Benchmark.parse("t.yaml", def.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return BenchEvaluator.evaluate(
            b,
            BenchData.yaml(apiserver(flags)).instances(),
            BenchEvaluator.Options.defaults(),
            Defaults.shipped())
        .results()
        .get(0);
  }

  // ---- ops ----

  @Test
  void presentAndAbsentAskWhetherTheFlagIsWrittenNotItsDefault() {
    assertThat(condition("{flag: profiling, op: present}").status()).isEqualTo(Status.FAIL);
    assertThat(condition("{flag: profiling, op: present}", "--profiling=true").status())
        .isEqualTo(Status.PASS);
    assertThat(condition("{flag: profiling, op: absent}").status()).isEqualTo(Status.PASS);
    assertThat(condition("{flag: profiling, op: absent}", "--profiling=false").status())
        .isEqualTo(Status.FAIL);
  }

  @Test
  void eqAndNoteqCompareTheValue() {
    assertThat(
            condition("{flag: secure-port, op: eq, value: \"6443\"}", "--secure-port=6443")
                .status())
        .isEqualTo(Status.PASS);
    assertThat(
            condition("{flag: secure-port, op: eq, value: \"6443\"}", "--secure-port=443").status())
        .isEqualTo(Status.FAIL);
    assertThat(
            condition("{flag: secure-port, op: noteq, value: \"443\"}", "--secure-port=6443")
                .status())
        .isEqualTo(Status.PASS);
    assertThat(
            condition("{flag: secure-port, op: noteq, value: \"443\"}", "--secure-port=443")
                .status())
        .isEqualTo(Status.FAIL);
  }

  @Test
  void hasAndNothasCompareListElementsNotSubstrings() {
    String has = "{flag: authorization-mode, op: has, value: Node}";
    assertThat(condition(has, "--authorization-mode=RBAC,Node").status()).isEqualTo(Status.PASS);
    // kube-bench's substring test would pass this
    assertThat(condition(has, "--authorization-mode=NodeRestricted,RBAC").status())
        .isEqualTo(Status.FAIL);
    String nothas = "{flag: authorization-mode, op: nothas, value: AlwaysAllow}";
    assertThat(condition(nothas, "--authorization-mode=Node, RBAC").status())
        .isEqualTo(Status.PASS);
    assertThat(condition(nothas, "--authorization-mode=Node,AlwaysAllow").status())
        .isEqualTo(Status.FAIL);
  }

  @Test
  void subsetWantsEveryElementAllowedAndSomeElement() {
    String t = "{flag: tls-cipher-suites, op: subset, value: \"A,B,C\"}";
    assertThat(condition(t, "--tls-cipher-suites=A,C").status()).isEqualTo(Status.PASS);
    assertThat(condition(t, "--tls-cipher-suites=A,D").status()).isEqualTo(Status.FAIL);
    assertThat(condition(t, "--tls-cipher-suites=").status()).isEqualTo(Status.FAIL);
    assertThat(condition(t).evidence()).contains("not set; the Go runtime's default suites apply");
  }

  @Test
  void gteAndLteCompareIntegersAndRejectOtherText() {
    String gte = "{flag: audit-log-maxage, op: gte, value: \"30\"}";
    assertThat(condition(gte, "--audit-log-maxage=30").status()).isEqualTo(Status.PASS);
    assertThat(condition(gte, "--audit-log-maxage=29").status()).isEqualTo(Status.FAIL);
    assertThat(condition(gte, "--audit-log-maxage=30d").status()).isEqualTo(Status.FAIL);
    String lte = "{flag: audit-log-maxage, op: lte, value: \"30\"}";
    assertThat(condition(lte, "--audit-log-maxage=7").status()).isEqualTo(Status.PASS);
    assertThat(condition(lte, "--audit-log-maxage=31").status()).isEqualTo(Status.FAIL);
  }

  @Test
  void regexMatchesTheWholeValue() {
    String t = "{flag: tls-min-version, op: regex, value: \"VersionTLS1[23]\"}";
    assertThat(condition(t, "--tls-min-version=VersionTLS13").status()).isEqualTo(Status.PASS);
    assertThat(condition(t, "--tls-min-version=VersionTLS11").status()).isEqualTo(Status.FAIL);
    assertThat(condition(t, "--tls-min-version=VersionTLS123").status()).isEqualTo(Status.FAIL);
  }

  @Test
  void allAndAnyCombine() {
    String any =
        "{any: [{flag: audit-log-path, op: present}, {flag: audit-webhook-config-file, op: present}]}";
    assertThat(condition(any, "--audit-webhook-config-file=/w.yaml").status())
        .isEqualTo(Status.PASS);
    assertThat(condition(any).status()).isEqualTo(Status.FAIL);
    String all = "{all: [{flag: etcd-certfile, op: present}, {flag: etcd-keyfile, op: present}]}";
    BenchResult half = condition(all, "--etcd-certfile=/c.crt");
    assertThat(half.status()).isEqualTo(Status.FAIL);
    assertThat(half.evidence()).isEqualTo("--etcd-certfile=/c.crt; --etcd-keyfile not set");
  }

  // ---- defaults ----

  @Test
  void unsetFlagIsJudgedByItsDefaultAndTheEvidenceSaysSo() {
    BenchResult r = judge("1.2.15", apiserver("--secure-port=6443"));
    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.defaultUsed()).isTrue();
    assertThat(r.evidence())
        .isEqualTo("--profiling not set; default true applies (Kubernetes 1.34)");
    BenchResult lookup = judge("1.2.21", apiserver("--secure-port=6443"));
    assertThat(lookup.status()).isEqualTo(Status.PASS);
    assertThat(lookup.evidence())
        .isEqualTo("--service-account-lookup not set; default true applies (Kubernetes 1.34)");
  }

  @Test
  void writtenFlagIsNotADefaultAndPointsAtItsLine() {
    BenchResult r = judge("1.2.15", apiserver("--secure-port=6443", "--profiling=false"));
    assertThat(r.status()).isEqualTo(Status.PASS);
    assertThat(r.defaultUsed()).isFalse();
    assertThat(r.evidence()).isEqualTo("--profiling=false");
    assertThat(r.location()).isPresent();
    assertThat(r.location().get().line()).isEqualTo(13);
    assertThat(r.location().get().pointer()).isEqualTo("/spec/containers/0/command/2");
  }

  @Test
  void versionComesFromOptionThenImageTagThenNewestCovered() {
    String noTag = pod("kube-apiserver", "kube-apiserver", "kube-apiserver");
    assertThat(judge("1.2.15", noTag).evidence()).endsWith("(Kubernetes 1.34)");
    String old =
        pod(
            "kube-apiserver",
            "registry.k8s.io/kube-apiserver:v1.32.0@sha256:abc",
            "kube-apiserver");
    assertThat(judge("1.2.15", old).evidence()).endsWith("(Kubernetes 1.32)");
    BenchEvaluator.Options opt = new BenchEvaluator.Options(List.of(), KubeVersion.parse("1.33"));
    assertThat(judge("1.2.15", old, opt).evidence()).endsWith("(Kubernetes 1.33)");
  }

  @Test
  void authorizationConfigFileMakesTheModeDefaultUndecidable() {
    BenchResult r = judge("1.2.6", apiserver("--authorization-config=/etc/kubernetes/authz.yaml"));
    assertThat(r.status()).isEqualTo(Status.WARN);
    assertThat(r.evidence())
        .isEqualTo(
            "--authorization-mode not set; --authorization-config decides instead, and that file"
                + " is not read yet");
    assertThat(judge("1.2.6", apiserver()).status()).isEqualTo(Status.FAIL);
    assertThat(judge("1.2.6", apiserver()).evidence())
        .isEqualTo("--authorization-mode not set; default AlwaysAllow applies (Kubernetes 1.34)");
  }

  // ---- admission plugins ----

  @Test
  void enableAddsToTheDefaultPlugins() {
    BenchResult r = judge("1.2.14", apiserver("--enable-admission-plugins=NodeRestriction"));
    assertThat(r.status()).isEqualTo(Status.PASS);
    assertThat(r.evidence())
        .isEqualTo("NodeRestriction enabled by --enable-admission-plugins=NodeRestriction");
    // naming NodeRestriction does not turn the default-on ServiceAccount off
    BenchResult sa = judge("1.2.12", apiserver("--enable-admission-plugins=NodeRestriction"));
    assertThat(sa.status()).isEqualTo(Status.PASS);
    assertThat(sa.defaultUsed()).isTrue();
    assertThat(sa.evidence())
        .isEqualTo(
            "ServiceAccount on by default (Kubernetes 1.34) and not named in"
                + " --disable-admission-plugins");
  }

  @Test
  void disableRemovesADefaultPlugin() {
    BenchResult r =
        judge("1.2.13", apiserver("--disable-admission-plugins=PodSecurity,NamespaceLifecycle"));
    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.evidence())
        .isEqualTo(
            "NamespaceLifecycle disabled by"
                + " --disable-admission-plugins=PodSecurity,NamespaceLifecycle");
  }

  @Test
  void defaultOffPluginIsOffUnlessEnabled() {
    BenchResult r = judge("1.2.14", apiserver());
    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.evidence())
        .isEqualTo(
            "NodeRestriction off by default (Kubernetes 1.34) and not named in"
                + " --enable-admission-plugins");
    assertThat(judge("1.2.10", apiserver()).status()).isEqualTo(Status.PASS);
    assertThat(judge("1.2.10", apiserver("--enable-admission-plugins=AlwaysAdmit")).status())
        .isEqualTo(Status.FAIL);
  }

  @Test
  void pluginInBothListsIsEnabledAsTheApiServerComputesItAndTheConflictIsSaid() {
    BenchResult r =
        judge(
            "1.2.14",
            apiserver(
                "--enable-admission-plugins=NodeRestriction",
                "--disable-admission-plugins=NodeRestriction"));
    assertThat(r.status()).isEqualTo(Status.PASS);
    assertThat(r.evidence()).contains("which kube-apiserver refuses");
  }

  @Test
  void legacyAdmissionControlReplacesTheDefaultSet() {
    BenchResult r = judge("1.2.12", apiserver("--admission-control=NodeRestriction"));
    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.evidence()).contains("legacy --admission-control=NodeRestriction");
  }

  @Test
  void repeatedListFlagsAccumulate() {
    String p =
        apiserver(
            "--enable-admission-plugins=AlwaysPullImages",
            "--enable-admission-plugins=NodeRestriction",
            "--authorization-mode=Node",
            "--authorization-mode=RBAC");
    assertThat(judge("1.2.14", p).status()).isEqualTo(Status.PASS);
    assertThat(judge("1.2.11", p).status()).isEqualTo(Status.PASS);
    assertThat(judge("1.2.7", p).status()).isEqualTo(Status.PASS);
    assertThat(judge("1.2.8", p).status()).isEqualTo(Status.PASS);
    assertThat(judge("1.2.8", p).evidence()).isEqualTo("--authorization-mode=Node,RBAC");
  }

  // ---- flags on the command line ----

  @Test
  void lastOccurrenceOfAScalarFlagWins() {
    BenchResult r = judge("1.2.15", apiserver("--profiling=false", "--profiling=true"));
    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.evidence()).isEqualTo("--profiling=true");
    assertThat(judge("1.2.15", apiserver("--profiling=true", "--profiling=false")).status())
        .isEqualTo(Status.PASS);
  }

  @Test
  void spaceSeparatedValueEqualsTheEqualsForm() {
    BenchResult spaced = judge("1.2.17", apiserver("--audit-log-maxage", "30"));
    BenchResult joined = judge("1.2.17", apiserver("--audit-log-maxage=30"));
    assertThat(spaced.status()).isEqualTo(Status.PASS).isEqualTo(joined.status());
    assertThat(spaced.evidence()).isEqualTo(joined.evidence()).isEqualTo("--audit-log-maxage=30");
  }

  @Test
  void booleanFlagNeverTakesTheNextWord() {
    StaticPods.Found found = BenchData.yaml(apiserver("--profiling", "false"));
    assertThat(found.problems()).hasSize(1);
    assertThat(found.problems().get(0).message())
        .contains("'false' is not a flag; kube-apiserver refuses");
    assertThat(found.problems().get(0).line()).isEqualTo(13);
    BenchResult r = judge("1.2.15", apiserver("--profiling", "false"));
    assertThat(r.status()).isEqualTo(Status.FAIL);
    assertThat(r.evidence()).isEqualTo("--profiling=true");
  }

  @Test
  void booleanValuesReadAsGoReadsThem() {
    assertThat(judge("1.2.15", apiserver("--profiling=F")).status()).isEqualTo(Status.PASS);
    assertThat(judge("1.2.15", apiserver("--profiling=0")).status()).isEqualTo(Status.PASS);
    BenchResult no = judge("1.2.15", apiserver("--profiling=no"));
    assertThat(no.status()).isEqualTo(Status.FAIL);
    assertThat(no.evidence())
        .isEqualTo("--profiling=no: not a boolean, kube-apiserver refuses to start");
  }

  @Test
  void argsFollowCommand() {
    String p =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: kube-scheduler, namespace: kube-system}
        spec:
          containers:
          - name: s
            image: registry.k8s.io/kube-scheduler:v1.34.0
            command: [kube-scheduler, --profiling=true]
            args: [--profiling=false, --bind-address, 127.0.0.1]
        """;
    assertThat(judge("1.4.1", p).status()).isEqualTo(Status.PASS);
    assertThat(judge("1.4.2", p).status()).isEqualTo(Status.PASS);
  }

  @Test
  void featureGatesMergeAcrossOccurrencesAndFallBackToTheDefault() {
    String on =
        pod(
            "kube-controller-manager",
            "kube-controller-manager:v1.34.0",
            "kube-controller-manager");
    BenchResult r = judge("1.3.6", on);
    assertThat(r.status()).isEqualTo(Status.PASS);
    assertThat(r.evidence())
        .isEqualTo(
            "feature gate RotateKubeletServerCertificate not set; default true applies"
                + " (Kubernetes 1.34)");
    String off =
        pod(
            "kube-controller-manager",
            "kube-controller-manager:v1.34.0",
            "kube-controller-manager",
            "--feature-gates=RotateKubeletServerCertificate=false",
            "--feature-gates=SomeOtherGate=true");
    assertThat(judge("1.3.6", off).status()).isEqualTo(Status.FAIL);
    assertThat(judge("1.3.6", off).evidence())
        .isEqualTo("--feature-gates RotateKubeletServerCertificate=false");
  }

  @Test
  void etcdReadsEnvironmentButFlagsWin() {
    String p =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: etcd-a, namespace: kube-system}
        spec:
          containers:
          - name: etcd
            image: registry.k8s.io/etcd:3.6.4-0
            command: [etcd, --peer-client-cert-auth=false]
            env:
            - {name: ETCD_CLIENT_CERT_AUTH, value: "true"}
            - {name: ETCD_PEER_CLIENT_CERT_AUTH, value: "true"}
        """;
    assertThat(judge("2.2", p).status()).isEqualTo(Status.PASS);
    assertThat(judge("2.5", p).status()).isEqualTo(Status.FAIL);
  }

  // ---- instances ----

  @Test
  void everyInstanceIsJudgedAndAMissingComponentIsInfo() {
    String two =
        apiserver("--profiling=false").replace("name: kube-apiserver\n", "name: kube-apiserver-a\n")
            + "---\n"
            + apiserver().replace("name: kube-apiserver\n", "name: kube-apiserver-b\n");
    BenchReport report =
        BenchEvaluator.evaluate(
            BenchData.cis(),
            BenchData.yaml(two).instances(),
            BenchEvaluator.Options.defaults(),
            Defaults.shipped());
    assertThat(report.results().stream().filter(r -> r.id().equals("1.2.15")))
        .extracting(r -> r.instance().orElseThrow() + " " + r.status())
        .containsExactly("kube-system/kube-apiserver-a PASS", "kube-system/kube-apiserver-b FAIL");
    BenchResult etcd =
        report.results().stream().filter(r -> r.id().equals("2.2")).findFirst().orElseThrow();
    assertThat(etcd.status()).isEqualTo(Status.INFO);
    assertThat(etcd.instance()).isEmpty();
    assertThat(etcd.evidence()).isEqualTo("etcd not found in the input");
  }

  @Test
  void podsOutsideKubeSystemOrWithOtherCommandsAreNotComponents() {
    String elsewhere = apiserver().replace("namespace: kube-system", "namespace: default");
    assertThat(BenchData.yaml(elsewhere).instances()).isEmpty();
    String shell = pod("kube-apiserver", APISERVER_IMAGE, "/bin/sh", "-c", "kube-apiserver");
    assertThat(BenchData.yaml(shell).instances()).isEmpty();
    String path = pod("kube-apiserver", APISERVER_IMAGE, "/usr/local/bin/kube-apiserver");
    assertThat(BenchData.yaml(path).instances()).hasSize(1);
  }

  @Test
  void targetsSelectSections() {
    BenchReport r =
        BenchEvaluator.evaluate(
            BenchData.cis(),
            BenchData.instances(BenchData.DEFAULT),
            new BenchEvaluator.Options(List.of("etcd"), Optional.empty()),
            Defaults.shipped());
    assertThat(r.results()).extracting(BenchResult::section).containsOnly("2");
    assertThat(r.results()).hasSize(7);
  }

  @Test
  void failCarriesSeverityAndStride() {
    BenchResult r = judge("1.2.6", apiserver("--authorization-mode=AlwaysAllow"));
    assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(r.stride()).isEqualTo(Stride.ELEVATION_OF_PRIVILEGE);
  }

  @Test
  void valueFlagTakesANextWordThatStartsWithADash() {
    BenchResult r = judge("1.2.17", apiserver("--audit-log-maxage", "-1"));
    assertThat(r.evidence()).isEqualTo("--audit-log-maxage=-1");
    assertThat(r.status()).isEqualTo(Status.FAIL);
    // an unknown flag before another flag is a boolean
    StaticPods.Found f = BenchData.yaml(apiserver("--some-switch", "--profiling=false"));
    assertThat(f.instances().get(0).settings().flags())
        .extracting(s -> s.name() + "=" + s.value())
        .containsExactly("some-switch=true", "profiling=false");
  }

  @Test
  void wordsAfterADoubleDashAreNotFlags() {
    StaticPods.Found f =
        BenchData.yaml(apiserver("--profiling=false", "--", "--token-auth-file=x"));
    assertThat(f.instances().get(0).settings().flags()).hasSize(1);
    assertThat(f.problems()).hasSize(1);
    assertThat(f.problems().get(0).message()).contains("'--token-auth-file=x' is not a flag");
  }

  @Test
  void severalInstancesAreNamedInTheirResults() {
    String two =
        apiserver().replace("name: kube-apiserver\n", "name: kube-apiserver-a\n")
            + "---\n"
            + apiserver().replace("name: kube-apiserver\n", "name: kube-apiserver-b\n");
    assertThat(BenchData.yaml(two).instances())
        .extracting(Instance::name)
        .containsExactly("kube-system/kube-apiserver-a", "kube-system/kube-apiserver-b");
  }
}
