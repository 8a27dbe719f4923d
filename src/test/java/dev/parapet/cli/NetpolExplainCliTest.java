package dev.parapet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@code parapet netpol explain} end to end, on the explain test cluster and the example. */
class NetpolExplainCliTest {
  private static final String SHOP = "src/test/resources/netpol-explain";
  private static final String FILE = SHOP + "/cluster.yaml";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void anAllowedConnectionShowsEachSidesPoliciesRulesAndPeersAndExitsZero() {
    CliTest.Run r = CliTest.run("", "netpol", "explain", SHOP, "shop/api", "data/postgres");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            allowed: shop/api[Deployment] -> data/postgres[StatefulSet] on TCP 5432

            egress of shop/api[Deployment]: allows TCP 5432 to data/postgres[StatefulSet]
              isolated by shop/default-deny (F:156:1)
              isolated by shop/api (F:193:1)
              rule shop/api egress[0] (F:212:5) admits data/postgres[StatefulSet] on TCP 5432
                through namespaceSelector {team=data} and podSelector {app=postgres} (F:213:7)

            ingress of data/postgres[StatefulSet]: allows TCP 5432 from shop/api[Deployment]
              isolated by data/postgres (F:229:1)
              rule data/postgres ingress[0] (F:239:5) admits shop/api[Deployment] on TCP 5432
                through namespaceSelector {team=shop} and podSelector {app=api} (F:240:7)
            """
                .replace("F:", FILE + ":"));
  }

  @Test
  void aDeniedConnectionSaysWhyOnEachSideAndExitsOne() {
    CliTest.Run r = CliTest.run("", "netpol", "explain", SHOP, "shop/web", "data/postgres");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .startsWith("denied: shop/web[Deployment] -> data/postgres[StatefulSet] on every port\n")
        .contains(
            "egress of shop/web[Deployment]: denied: no egress rule admits"
                + " data/postgres[StatefulSet]\n")
        .contains(
            "ingress of data/postgres[StatefulSet]: denied: no ingress rule admits"
                + " shop/web[Deployment]\n");
    CliTest.Run deny =
        CliTest.run("", "netpol", "explain", SHOP, "shop/cache[Deployment]", "tools/debug");
    assertThat(deny.code()).isEqualTo(1);
    assertThat(deny.out())
        .contains(
            "egress of shop/cache[Deployment]: denied: the policies that select it for egress"
                + " have no egress rule\n  isolated by shop/default-deny ("
                + FILE
                + ":156:1)\n")
        .contains(
            "ingress of tools/debug[Pod]: allowed by default (no NetworkPolicy selects it for"
                + " ingress)\n");
  }

  @Test
  void aPortTheRulesDoNotOpenIsDeniedAndTheRulesPortsAreShown() {
    CliTest.Run r =
        CliTest.run("", "netpol", "explain", SHOP, "shop/api", "data/postgres", "--port", "80");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .startsWith("denied: shop/api[Deployment] -> data/postgres[StatefulSet] on TCP 80\n")
        .contains(
            "egress of shop/api[Deployment]: denied: rules admit data/postgres[StatefulSet] but"
                + " only on TCP 5432\n")
        .contains("on TCP 5432, not the port asked about\n");
  }

  @Test
  void aNamedPortIsResolvedAgainstTheDestination() {
    CliTest.Run r =
        CliTest.run("", "netpol", "explain", SHOP, "shop/web", "shop/api", "--port", "http");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith(
            "allowed: shop/web[Deployment] -> shop/api[Deployment] on TCP 9090 (port http of"
                + " shop/api[Deployment])\n")
        .contains(
            "    port grpc/TCP: it has no container port of that name, so it opens nothing\n");
    CliTest.Run metrics =
        CliTest.run("", "netpol", "explain", SHOP, "shop/web", "shop/api", "--port", "metrics");
    assertThat(metrics.code()).isEqualTo(1);
  }

  @Test
  void externalAddressesAreNotSubjectToPoliciesAndExceptionsApply() {
    CliTest.Run in = CliTest.run("", "netpol", "explain", SHOP, "203.0.113.7", "shop/web");
    assertThat(in.code()).as(in.err()).isZero();
    assertThat(in.out())
        .startsWith("allowed: 203.0.113.7[External] -> shop/web[Deployment] on TCP 8080\n")
        .contains(
            "egress of 203.0.113.7[External]: not subject to policies (outside the cluster)\n")
        .contains("    through ipBlock 0.0.0.0/0 except 10.0.0.0/8 (" + FILE + ":176:7)\n");
    CliTest.Run wide = CliTest.run("", "netpol", "explain", SHOP, "0.0.0.0/0", "shop/web");
    assertThat(wide.code()).isEqualTo(1);
    assertThat(wide.out())
        .contains(
            "ingress of shop/web[Deployment]: denied: no ingress rule admits the whole of"
                + " 0.0.0.0/0[External]\n")
        .contains(
            "  rule shop/web ingress[0] ("
                + FILE
                + ":175:5) admits only part of 0.0.0.0/0[External]\n"
                + "    through ipBlock 0.0.0.0/0 except 10.0.0.0/8 ("
                + FILE
                + ":176:7)\n");
    CliTest.Run excepted = CliTest.run("", "netpol", "explain", SHOP, "10.1.2.3", "shop/web");
    assertThat(excepted.code()).isEqualTo(1);
    CliTest.Run v6 = CliTest.run("", "netpol", "explain", SHOP, "2001:db8::7", "shop/web");
    assertThat(v6.code()).isZero();
    assertThat(v6.out()).contains("through ipBlock 2001:db8::/32 (");
    CliTest.Run metadata =
        CliTest.run("", "netpol", "explain", SHOP, "shop/api", "169.254.169.254", "--port", "80");
    assertThat(metadata.code()).isEqualTo(1);
    assertThat(metadata.out())
        .contains(
            "ingress of 169.254.169.254[External]: not subject to policies (outside the"
                + " cluster)\n");
  }

  @Test
  void hostNetworkPodsAreFlagged() {
    CliTest.Run r =
        CliTest.run("", "netpol", "explain", SHOP, "kube-system/node-agent", "tools/debug");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("  note: kube-system/node-agent[DaemonSet] runs on the host network");
  }

  @Test
  void jsonCarriesTheVerdictAndEverySide() throws Exception {
    CliTest.Run r =
        CliTest.run(
            "", "netpol", "explain", SHOP, "shop/web", "shop/api", "--port", "http", "-o", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode root = JSON.readTree(r.out());
    assertThat(root.get("allowed").asBoolean()).isTrue();
    assertThat(root.get("ports").asText()).isEqualTo("TCP 9090");
    assertThat(root.get("port").get("name").asText()).isEqualTo("http");
    JsonNode ingress = root.get("ingress");
    assertThat(ingress.get("outcome").asText()).isEqualTo("allowed");
    assertThat(ingress.get("isolatedBy")).hasSize(2);
    JsonNode rule = ingress.get("rules").get(0);
    assertThat(rule.get("policy").asText()).isEqualTo("shop/api");
    assertThat(rule.get("line").asInt()).isEqualTo(204);
    assertThat(rule.get("peers").get(0).get("selects").asText())
        .isEqualTo("podSelector {app=web} in the policy's namespace");
    assertThat(rule.get("unresolvedPortNames").get(0).asText()).isEqualTo("grpc/TCP");
    CliTest.Run denied =
        CliTest.run("", "netpol", "explain", SHOP, "10.1.2.3", "shop/web", "-o", "json");
    assertThat(denied.code()).isEqualTo(1);
    JsonNode d = JSON.readTree(denied.out());
    assertThat(d.get("allowed").asBoolean()).isFalse();
    assertThat(d.get("ports").asText()).isEqualTo("none");
    assertThat(d.get("srcExternal").asBoolean()).isTrue();
    assertThat(d.get("egress").get("outcome").asText()).isEqualTo("not-subject");
    assertThat(d.get("ingress").get("outcome").asText()).isEqualTo("no-peer-match");
  }

  @Test
  void ambiguousOrUnknownPeersAreUsageErrorsListingCandidates() {
    CliTest.Run ambiguous = CliTest.run("", "netpol", "explain", SHOP, "shop/cache", "shop/web");
    assertThat(ambiguous.code()).isEqualTo(2);
    assertThat(ambiguous.out()).isEmpty();
    assertThat(ambiguous.err())
        .contains(
            "parapet: SRC shop/cache: several workloads have that name; name one of"
                + " shop/cache[Deployment], shop/cache[StatefulSet]");
    CliTest.Run unknown = CliTest.run("", "netpol", "explain", SHOP, "shop/web", "data/pg");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err())
        .contains(
            "parapet: DST data/pg: no such workload; did you mean data/postgres[StatefulSet]?");
  }

  @Test
  void twoAddressesOutsideTheClusterAreAUsageError() {
    CliTest.Run r = CliTest.run("", "netpol", "explain", SHOP, "0.0.0.0/0", "10.0.0.0/8");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains(
            "parapet: netpol explain: SRC 0.0.0.0/0 and DST 10.0.0.0/8 are both addresses"
                + " outside the cluster, which no NetworkPolicy governs; name a workload on at"
                + " least one side");
    CliTest.Run v6 = CliTest.run("", "netpol", "explain", SHOP, "2001:db8::7", "203.0.113.7");
    assertThat(v6.code()).isEqualTo(2);
  }

  @Test
  void badPortsFormatsAndArgumentCountsAreUsageErrors() {
    CliTest.Run port =
        CliTest.run("", "netpol", "explain", SHOP, "shop/web", "shop/api", "--port", "grpc");
    assertThat(port.code()).isEqualTo(2);
    assertThat(port.err())
        .contains(
            "parapet: --port grpc: shop/api[Deployment] has no container port named grpc; its"
                + " named ports: http (TCP 9090), metrics (TCP 9100)");
    CliTest.Run proto =
        CliTest.run("", "netpol", "explain", SHOP, "shop/web", "shop/api", "--port", "80/ICMP");
    assertThat(proto.code()).isEqualTo(2);
    assertThat(proto.err()).contains("unknown protocol ICMP");
    CliTest.Run format =
        CliTest.run("", "netpol", "explain", SHOP, "shop/web", "shop/api", "-o", "yaml");
    assertThat(format.code()).isEqualTo(2);
    assertThat(format.err()).contains("unknown output format 'yaml' (expected text or json)");
    CliTest.Run few = CliTest.run("", "netpol", "explain", SHOP, "shop/web");
    assertThat(few.code()).isEqualTo(2);
    assertThat(few.err()).contains("expected PATH... SRC DST");
  }

  @Test
  void unreadableInputStillAnswersFromTheRestAndExitsTwo() {
    CliTest.Run r =
        CliTest.run("", "netpol", "explain", SHOP, "no/such/dir", "shop/api", "data/postgres");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no/such/dir");
    assertThat(r.out()).startsWith("allowed: shop/api[Deployment] -> data/postgres[StatefulSet]");
  }

  @Test
  void readsStandardInput() throws Exception {
    String yaml = Files.readString(Path.of(FILE));
    CliTest.Run r = CliTest.run(yaml, "netpol", "explain", "-", "shop/api", "data/postgres");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("allowed: shop/api[Deployment] -> data/postgres[StatefulSet]");
  }

  @Test
  void helpShowsTheSynopsisAndExamples() {
    CliTest.Run r = CliTest.run("", "netpol", "explain", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("PATH... SRC DST").contains("Examples:").contains("--port");
    assertThat(CliTest.run("", "netpol").out()).contains("explain");
  }

  @Test
  void explainExampleInTheDocsIsTrueAndEveryKeyIsDocumented() throws Exception {
    CliTest.Run r =
        CliTest.run(
            "",
            "netpol",
            "explain",
            "examples/insecure-cluster",
            "shop/api",
            "data/postgres",
            "--port",
            "5432",
            "-o",
            "json");
    assertThat(r.code()).as(r.err()).isZero();
    String doc = Files.readString(Path.of("docs", "json-output.md"));
    int section = doc.indexOf("\n## parapet netpol explain\n");
    assertThat(section).isPositive();
    int next = doc.indexOf("\n## ", section + 1);
    String text = next < 0 ? doc.substring(section) : doc.substring(section, next);
    int start = text.indexOf("```json\n") + "```json\n".length();
    assertThat(text.substring(start, text.indexOf("```", start)))
        .as("the netpol explain example in docs/json-output.md is stale")
        .isEqualTo(r.out());
    // every key of a rich answer (named port, unresolved name, peers) is in the section
    CliTest.Run rich =
        CliTest.run(
            "", "netpol", "explain", SHOP, "shop/web", "shop/api", "--port", "http", "-o", "json");
    Set<String> keys = new TreeSet<>();
    collect(JSON.readTree(rich.out()), keys);
    collect(
        JSON.readTree(
            CliTest.run("", "netpol", "explain", SHOP, "0.0.0.0/0", "shop/web", "-o", "json")
                .out()),
        keys);
    List<String> missing = keys.stream().filter(k -> !text.contains("`" + k + "`")).toList();
    assertThat(missing).as("keys missing from the netpol explain section").isEmpty();
  }

  @Test
  void theTextSamplesInTheReadmeAndTheNetpolDocsAreTrue() throws Exception {
    CliTest.Run open =
        CliTest.run(
            "",
            "netpol",
            "explain",
            "examples/insecure-cluster",
            "shop/frontend",
            "data/postgres",
            "--port",
            "5432");
    assertThat(open.code()).isZero();
    CliTest.Run denied =
        CliTest.run(
            "",
            "netpol",
            "explain",
            "examples/hardened",
            "shop/frontend",
            "data/postgres",
            "--port",
            "5432");
    assertThat(denied.code()).isEqualTo(1);
    String readme = Files.readString(Path.of("README.md"));
    assertThat(readme)
        .as("the netpol explain samples in README.md are stale")
        .contains("```text\n" + open.out() + "```\n")
        .contains("```text\n" + denied.out() + "```\n");
    CliTest.Run allowed =
        CliTest.run(
            "",
            "netpol",
            "explain",
            "examples/insecure-cluster",
            "shop/api",
            "data/postgres",
            "--port",
            "5432");
    assertThat(allowed.code()).isZero();
    assertThat(Files.readString(Path.of("docs", "netpol.md")))
        .as("the explain sample in docs/netpol.md is stale")
        .contains(
            "$ parapet netpol explain examples/insecure-cluster shop/api data/postgres --port 5432\n"
                + allowed.out()
                + "```\n");
  }

  private static void collect(JsonNode node, Set<String> keys) {
    if (node.isObject()) {
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        keys.add(name);
        collect(node.get(name), keys);
      }
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, keys));
    }
  }
}
