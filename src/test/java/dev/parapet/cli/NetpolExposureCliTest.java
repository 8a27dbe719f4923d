package dev.parapet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code parapet netpol exposure} end to end, and traffic through an Ingress in {@code netpol
 * matrix}.
 */
class NetpolExposureCliTest {
  private static final String INSECURE = "examples/insecure-cluster";
  private static final String INGRESS_CASE =
      "../shared/corpus/netpol/tests/multiple_ingress_objects_with_different_ports";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void tableHasOneLinePerExposureWithWorkloadsRestrictionAndLocation() {
    CliTest.Run r = CliTest.run("", "netpol", "exposure", INSECURE, "-q");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0))
        .matches("KIND +ADDRESS +SERVICE +WORKLOADS +RESTRICTED +POLICIES +AT +NOTES");
    assertThat(lines)
        .anyMatch(
            l ->
                l.matches(
                    "LoadBalancer +\\*:80/TCP +shop/frontend:80 +shop/frontend\\[Deployment\\] TCP"
                        + " 80 +no +- +examples/insecure-cluster/10-frontend.yaml:39 +also on every"
                        + " node's port \\(allocated\\)/TCP; .*"))
        .anyMatch(
            l ->
                l.matches(
                    "Ingress +shop.example.com/ \\(Prefix\\) +shop/frontend:80 +.* +no +- +"
                        + "examples/insecure-cluster/10-frontend.yaml:56 +plain HTTP .*"))
        .anyMatch(l -> l.matches("NodePort +node:30080/TCP +shop/api:8080 .*20-api.yaml:65 .*"))
        .anyMatch(
            l ->
                l.matches(
                    "ExternalIP +203.0.113.10:5432/TCP +data/postgres:5432 +data/postgres"
                        + "\\[StatefulSet\\] TCP 5432 +no"
                        + " +data/postgres-allow-all,data/postgres-from-api +.*"))
        .anyMatch(
            l ->
                l.matches(
                    "HostNetwork +node:TCP 9100 +- +monitoring/node-monitor\\[DaemonSet\\] TCP 9100"
                        + " +no +- +.*40-node-monitor.yaml:\\d+ +on the node's network.*"))
        // the control plane's mirror pods run on the node's network too
        .anyMatch(
            l ->
                l.matches(
                    "HostNetwork +node:TCP 6443 +- +kube-system/kube-apiserver-cp1\\[Pod\\] TCP 6443"
                        + " +no +- +.*85-kube-system-control-plane.yaml:\\d+ .*"));
    assertThat(lines).hasSize(11);
  }

  @Test
  void namespaceKeepsEntriesWhoseServiceOrWorkloadsAreInIt() {
    CliTest.Run r = CliTest.run("", "netpol", "exposure", INSECURE, "-n", "shop", "-q");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().skip(1))
        .hasSize(3)
        .allMatch(l -> l.contains("shop/"))
        .noneMatch(l -> l.contains("postgres"));
    CliTest.Run none = CliTest.run("", "netpol", "exposure", INSECURE, "-n", "ci", "-q");
    assertThat(none.out()).isEqualTo("nothing reachable from outside the cluster\n");
  }

  @Test
  void jsonListsEntriesWithTheirPolicies() throws Exception {
    CliTest.Run r = CliTest.run("", "netpol", "exposure", INSECURE, "-o", "json", "-q");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode root = JSON.readTree(r.out());
    assertThat(root.get("schemaVersion").asText()).isEqualTo("1");
    JsonNode entries = root.get("exposures");
    // six before the control plane was added, and its four pods on the node's network
    assertThat(entries).hasSize(10);
    JsonNode db = null;
    for (JsonNode e : entries) {
      if (e.get("kind").asText().equals("ExternalIP")) {
        db = e;
      }
      if (e.get("kind").asText().equals("HostNetwork")) {
        assertThat(e.get("service").isNull()).isTrue();
      }
    }
    assertThat(db).isNotNull();
    assertThat(db.get("pointer").asText()).isEqualTo("/spec/externalIPs/0");
    // the allow-all policy opens the database to every address, so the external IP is open
    assertThat(db.get("workloads").get(0).get("restricted").asText()).isEqualTo("no");
    JsonNode policies = db.get("workloads").get(0).get("policies");
    assertThat(policies).hasSize(2);
    assertThat(policies.get(0).get("name").asText()).isEqualTo("data/postgres-allow-all");
    assertThat(policies.get(0).get("file").asText()).endsWith("30-database.yaml");
    assertThat(policies.get(1).get("name").asText()).isEqualTo("data/postgres-from-api");
    assertThat(policies.get(1).get("file").asText()).endsWith("70-rbac.yaml");
  }

  @Test
  void exposureExampleInTheDocsIsTrue() throws Exception {
    CliTest.Run r =
        CliTest.run("", "netpol", "exposure", INSECURE, "-n", "data", "-o", "json", "-q");
    assertThat(r.code()).as(r.err()).isZero();
    String doc = Files.readString(Path.of("docs", "json-output.md"));
    int section = doc.indexOf("\n## parapet netpol exposure\n");
    assertThat(section).isPositive();
    int start = doc.indexOf("```json\n", section) + "```json\n".length();
    assertThat(doc.substring(start, doc.indexOf("```", start)))
        .as("the netpol exposure example in docs/json-output.md is stale")
        .isEqualTo(r.out());
    for (String key :
        List.of(
            "kind",
            "address",
            "service",
            "pointer",
            "restricted",
            "workloads",
            "workload",
            "policies",
            "notes")) {
      assertThat(doc.substring(section)).contains("." + key + "`");
    }
  }

  @Test
  void unknownFormatIsAUsageErrorAndMissingInputAnInputError() {
    CliTest.Run bad = CliTest.run("", "netpol", "exposure", INSECURE, "-o", "dot");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown output format 'dot' (expected table or json)");
    assertThat(bad.out()).isEmpty();
    CliTest.Run missing = CliTest.run("", "netpol", "exposure", "no/such/dir", INSECURE);
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("no/such/dir");
    // the rest is still answered
    assertThat(missing.out()).contains("shop/frontend[Deployment]");
  }

  @Test
  void netpolHelpListsExposure() {
    CliTest.Run r = CliTest.run("", "netpol");
    assertThat(r.out()).contains("exposure");
    CliTest.Run help = CliTest.run("", "netpol", "exposure", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("Examples:").contains("-o json");
  }

  @Test
  void matrixShowsTrafficThroughAnIngressAsComingFromTheIngressController() {
    CliTest.Run r = CliTest.run("", "netpol", "matrix", INGRESS_CASE);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().toList())
        .last()
        .asString()
        .matches(
            "\\{ingress-controller\\} +ingressworld/ingress-world-multiple-ports\\[Deployment\\]"
                + " +TCP 8050,8090");
    CliTest.Run csv = CliTest.run("", "netpol", "matrix", INGRESS_CASE, "-o", "csv");
    assertThat(csv.out())
        .contains(
            "{ingress-controller},ingressworld/ingress-world-multiple-ports[Deployment],"
                + "\"TCP 8050,8090\"\r\n");
    CliTest.Run dot = CliTest.run("", "netpol", "matrix", INGRESS_CASE, "-o", "dot");
    assertThat(dot.out())
        .contains("  \"{ingress-controller}\" [shape=diamond];\n")
        .contains(
            "\"{ingress-controller}\" -> \"ingressworld/ingress-world-multiple-ports[Deployment]\""
                + " [label=\"TCP 8050,8090\"];");
  }

  @Test
  void matrixJsonNamesTheIngressControllerAsSource() throws Exception {
    CliTest.Run r = CliTest.run("", "netpol", "matrix", INSECURE, "-n", "shop", "-o", "json", "-q");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode ingress = null;
    for (JsonNode c : JSON.readTree(r.out()).get("connections")) {
      if (c.get("src").asText().equals("{ingress-controller}")) {
        ingress = c;
      }
    }
    assertThat(ingress).isNotNull();
    assertThat(ingress.get("dst").asText()).isEqualTo("shop/frontend[Deployment]");
    assertThat(ingress.get("ports").asText()).isEqualTo("TCP 80");
    assertThat(ingress.get("srcExternal").asBoolean()).isFalse();
  }

  @Test
  void net009ReportsTheExposedWorkloadsOfTheInsecureExampleAndNothingOnTheHardenedOne() {
    CliTest.Run r = CliTest.run("", "scan", INSECURE, "--only", "NET-009", "-o", "json", "-q");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("\"check\": \"NET-009\"")
        .contains(
            "shop/frontend[Deployment] is reachable from outside the cluster through"
                + " LoadBalancer *:80/TCP (Service shop/frontend:80) at"
                + " examples/insecure-cluster/10-frontend.yaml:39, Ingress")
        .contains(
            "shop/api[Deployment] is reachable from outside the cluster through NodePort"
                + " node:30080/TCP (Service shop/api:8080) at examples/insecure-cluster/20-api.yaml:65")
        .doesNotContain("node-monitor")
        .doesNotContain("postgres");
    CliTest.Run hardened = CliTest.run("", "scan", "examples/hardened", "--only", "NET-009", "-q");
    assertThat(hardened.code()).as(hardened.err()).isZero();
    assertThat(hardened.out()).startsWith("0 findings");
  }
}
