package dev.parapet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code parapet netpol generate} end to end. */
class NetpolGenerateCliTest {
  private static final String SHOP = "src/test/resources/netpol-generate/shop";
  private static final String FLOWS = "src/test/resources/netpol-generate/flows.yaml";

  @Test
  void writesThePolicySetToStandardOutput() {
    CliTest.Run r = CliTest.run("", "netpol", "generate", SHOP, "--flows", FLOWS);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .startsWith("# NetworkPolicies for namespace data, written by parapet netpol generate.\n")
        .contains("# Flows: from the flows file " + FLOWS + ".\n")
        .contains("  name: default-deny-all\n  namespace: shop\n")
        .contains("  name: api-egress\n  namespace: shop\n")
        .contains(
            "  # shop/api[Deployment] -> data/statsd[DaemonSet] 8125/UDP ("
                + FLOWS
                + ":18)\n  - to:\n");
  }

  @Test
  void outputDirHoldsOneFilePerNamespace(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("policies");
    CliTest.Run r =
        CliTest.run(
            "", "netpol", "generate", SHOP, "--flows", FLOWS, "--output-dir", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .containsExactly("data.yaml", "kube-system.yaml", "shop.yaml");
    }
    assertThat(r.out())
        .isEqualTo(
            "wrote "
                + out.resolve("data.yaml")
                + "\nwrote "
                + out.resolve("kube-system.yaml")
                + "\nwrote "
                + out.resolve("shop.yaml")
                + "\n");
    assertThat(Files.readString(out.resolve("kube-system.yaml")))
        .contains("name: kube-dns-ingress")
        .contains("name: metrics-server-ingress")
        .doesNotContain("namespace: shop\n");
  }

  @Test
  void aCapturedMatrixGeneratesPoliciesThatGiveTheSameMatrix(@TempDir Path dir) throws Exception {
    Path corpus = Path.of("../shared/corpus/netpol/tests/onlineboutique");
    assertThat(Files.isDirectory(corpus))
        .as(
            "the netpol-analyzer corpus is missing at %s: check it out beside this clone as"
                + " ../shared/corpus/netpol (CI has it there); these tests fail rather than skip",
            corpus.toAbsolutePath())
        .isTrue();
    String pods = corpus.resolve("pods.yaml").toString();
    String ns = corpus.resolve("ns.yaml").toString();
    String all = corpus.resolve("netpols.yaml").toString();
    CliTest.Run before = CliTest.run("", "netpol", "matrix", pods, ns, all, "-o", "csv");
    assertThat(before.code()).as(before.err()).isZero();
    Path csv = dir.resolve("flows.csv");
    Files.writeString(csv, before.out());
    Path out = dir.resolve("out");
    CliTest.Run gen =
        CliTest.run(
            "",
            "netpol",
            "generate",
            pods,
            ns,
            all,
            "--flows",
            csv.toString(),
            "--output-dir",
            out.toString());
    assertThat(gen.code()).as(gen.err()).isZero();
    CliTest.Run after = CliTest.run("", "netpol", "matrix", pods, ns, out.toString(), "-o", "csv");
    assertThat(after.code()).as(after.err()).isZero();
    assertThat(after.out()).isEqualTo(before.out());
  }

  @Test
  void badFlowsAreReportedAtTheirLineAndTheRestIsWritten(@TempDir Path dir) throws Exception {
    Path flows = dir.resolve("flows.csv");
    Files.writeString(
        flows,
        "src,dst,ports\nshop/web,shop/api,8000\nshop/web,shop/nope,80\nshop/web,shop/api,0\n");
    CliTest.Run r = CliTest.run("", "netpol", "generate", SHOP, "--flows", flows.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(flows + ":3: flows: unknown workload shop/nope; flow skipped")
        .contains(flows + ":4: flows: port 0 is not a port or range within 1-65535")
        .doesNotContain("Exception");
    assertThat(r.out()).contains("name: api-ingress").contains("name: web-egress");
  }

  @Test
  void withoutFlowsServicesProposeThem() {
    CliTest.Run r =
        CliTest.run("", "netpol", "generate", "examples/insecure-cluster", "-n", "shop");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("# Flows: proposed from Services and the workloads that name them")
        .contains("  name: api-egress\n")
        .contains(
            "# shop/api[Deployment] -> data/postgres[StatefulSet] 5432/TCP (Service"
                + " data/postgres named in env DATABASE_URL of container api)")
        .contains("#   Ingress shop/frontend (shop.example.com/)")
        .doesNotContain("namespace: data\n");
  }

  @ParameterizedTest
  @CsvSource({
    // CoreDNS labelled k8s-app: kube-dns (kubeadm, EKS, GKE, AKS): DNS on 53 to every pod is no
    // sensitive exposure (NET-006)
    "dns, k8s-app: kube-dns, false",
    // CoreDNS from its Helm chart: the rules use the input's DNS label (NET-004, NET-005)
    "coredns-chart, k8s-app: coredns, false",
    // a partial kube-system without DNS pods: the usual label is assumed and said so, and the
    // checks do not take the missing DNS for a selector that matches nothing
    "no-dns, k8s-app: kube-dns, true"
  })
  void theGeneratedSetScansCleanBesideItsInput(
      String input, String dnsLabel, boolean assumed, @TempDir Path dir) throws Exception {
    String in = "src/test/resources/netpol-generate/" + input;
    Path out = dir.resolve("out");
    CliTest.Run gen = CliTest.run("", "netpol", "generate", in, "--output-dir", out.toString());
    assertThat(gen.code()).as(gen.err()).isZero();
    String a = Files.readString(out.resolve("a.yaml"));
    assertThat(a).contains("podSelector:\n        matchLabels:\n          " + dnsLabel + "\n");
    assertThat(a.contains("# The input holds no cluster DNS pods in kube-system"))
        .isEqualTo(assumed);
    CliTest.Run scan = CliTest.run("", "scan", in, out.toString(), "--only", "network");
    assertThat(scan.out()).startsWith("0 findings");
    assertThat(scan.code()).as(scan.out()).isZero();
  }

  @Test
  void flowsBetweenTheSamePeersAreMergedIntoOneRule(@TempDir Path dir) throws Exception {
    Path flows = dir.resolve("flows.csv");
    Files.writeString(
        flows, "src,dst,ports\nshop/web,shop/api,8000\nshop/web[Deployment],shop/api,8001/TCP\n");
    CliTest.Run r = CliTest.run("", "netpol", "generate", SHOP, "--flows", flows.toString());
    assertThat(r.code()).as(r.err()).isZero();
    String rule =
        "  # shop/web[Deployment] -> shop/api[Deployment] 8000/TCP ("
            + flows
            + ":2)\n  # shop/web[Deployment] -> shop/api[Deployment] 8001/TCP ("
            + flows
            + ":3)\n";
    // one rule in api's ingress and one in web's egress, each with both ports as one range
    assertThat(r.out().split(java.util.regex.Pattern.quote(rule), -1)).hasSize(3);
    assertThat(r.out()).contains(rule + "  - from:\n").contains(rule + "  - to:\n");
    assertThat(r.out()).contains("    - protocol: TCP\n      port: 8000\n      endPort: 8001\n");
  }

  @Test
  void anUnreadableFlowsFileIsAUsageError() {
    CliTest.Run r = CliTest.run("", "netpol", "generate", SHOP, "--flows", "no/such/flows.csv");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("cannot read flows file no/such/flows.csv");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void helpShowsExamples() {
    CliTest.Run r = CliTest.run("", "netpol", "generate", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--flows").contains("--output-dir").contains("Examples:");
    assertThat(CliTest.run("", "netpol").out()).contains("generate");
  }
}
