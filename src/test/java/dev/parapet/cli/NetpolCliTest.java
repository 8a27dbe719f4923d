package dev.parapet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code parapet netpol matrix} end to end, on a netpol-analyzer case and the example cluster. */
class NetpolCliTest {
  private static final String MINIMAL = "../shared/corpus/netpol/tests/minimal_test_in_ns";
  private static final String EXTERNAL = "0.0.0.0-255.255.255.255[External]";
  private static final String A = "hello-world/workload-a[Deployment]";
  private static final String B = "hello-world/workload-b[Deployment]";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void tableListsEachConnectionInAlignedColumns() {
    CliTest.Run r = CliTest.run("", "netpol", "matrix", MINIMAL);
    assertThat(r.code()).as(r.err()).isZero();
    // the widest name sets each column's width, two spaces apart
    String external = EXTERNAL + " ".repeat(A.length() - EXTERNAL.length());
    assertThat(r.out())
        .startsWith(
            "SRC" + " ".repeat(A.length() - 1) + "DST" + " ".repeat(A.length() - 1) + "PORTS\n")
        .contains(external + "  " + B + "  all\n")
        .contains(B + "  " + A + "  TCP 8050\n");
    assertThat(r.out().lines()).hasSize(6);
  }

  @Test
  void jsonCarriesSourceDestinationAndPortsAsTheCorpusExpects() throws Exception {
    CliTest.Run r = CliTest.run("", "netpol", "matrix", MINIMAL, "-o", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode root = JSON.readTree(r.out());
    assertThat(root.get("schemaVersion").asText()).isEqualTo("1");
    List<String> lines = new ArrayList<>();
    for (JsonNode c : root.get("connections")) {
      lines.add(
          c.get("src").asText() + " => " + c.get("dst").asText() + " : " + c.get("ports").asText());
    }
    // the corpus' expected list, with All Connections written as all
    List<String> expected =
        Files.readAllLines(
                Path.of("../shared/corpus/netpol/expected/minimal_test_in_ns_connlist_output.txt"))
            .stream()
            .filter(l -> !l.isBlank())
            .map(l -> l.strip().replace("All Connections", "all"))
            .toList();
    assertThat(lines).containsExactlyElementsOf(expected);
    JsonNode last = root.get("connections").get(4);
    assertThat(last.get("portRanges").toString())
        .isEqualTo("[{\"protocol\":\"TCP\",\"from\":8050,\"to\":8050}]");
    assertThat(root.get("connections").get(0).get("portRanges")).hasSize(3);
    JsonNode first = root.get("connections").get(0);
    assertThat(first.get("srcExternal").asBoolean()).isTrue();
    assertThat(first.get("dstExternal").asBoolean()).isFalse();
  }

  @Test
  void csvHasAHeaderAndQuotesFieldsWithCommas() {
    CliTest.Run r =
        CliTest.run("", "netpol", "matrix", "examples/insecure-cluster", "-o", "csv", "-n", "data");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("src,dst,ports\r\n")
        .contains("shop/api[Deployment],data/postgres[StatefulSet],TCP 5432\r\n")
        .contains("data/postgres[StatefulSet]," + EXTERNAL + ",all\r\n");
    CliTest.Run minimal = CliTest.run("", "netpol", "matrix", MINIMAL, "-o", "csv");
    assertThat(minimal.out()).contains(B + "," + A + ",TCP 8050\r\n");
  }

  @Test
  void csvQuotesPortSetsWithSeveralPorts() {
    CliTest.Run r =
        CliTest.run(
            "",
            "netpol",
            "matrix",
            "../shared/corpus/netpol/tests/multiple_topology_resources_2",
            "-o",
            "csv",
            "-n",
            "demo");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "demo/cog-agents-bank-ui[DaemonSet],demo/cog-agents-account-command[DaemonSet],"
                + "\"TCP 8080,9090,UDP 8080\"\r\n");
  }

  @Test
  void dotDrawsNamespacesAsClustersAndLabelsEdgesWithPorts() {
    CliTest.Run r = CliTest.run("", "netpol", "matrix", MINIMAL, "-o", "dot");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("digraph netpol {\n")
        .contains("subgraph cluster_0 {\n    label=\"hello-world\";\n")
        .contains("\"" + A + "\" [label=\"workload-a[Deployment]\"];")
        .contains("\"" + EXTERNAL + "\" [shape=ellipse];")
        .contains("\"" + B + "\" -> \"" + A + "\" [label=\"TCP 8050\"];")
        .endsWith("}\n");
  }

  @Test
  void dotDrawsAnIsolatedWorkloadAsALoneNode() {
    CliTest.Run r =
        CliTest.run(
            "", "netpol", "matrix", "src/test/resources/netpol-matrix-isolated", "-o", "dot");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("label=\"vault\";\n    \"vault/lone[Deployment]\" [label=\"lone[Deployment]\"];")
        .doesNotContain("->");
    CliTest.Run table =
        CliTest.run("", "netpol", "matrix", "src/test/resources/netpol-matrix-isolated");
    assertThat(table.out()).isEqualTo("no connection allowed\n");
    CliTest.Run json =
        CliTest.run(
            "", "netpol", "matrix", "src/test/resources/netpol-matrix-isolated", "-o", "json");
    assertThat(json.out()).contains("\"connections\": []");
  }

  @Test
  void netpolAloneListsItsSubcommands() {
    CliTest.Run r = CliTest.run("", "netpol");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("matrix");
  }

  @Test
  void namespaceKeepsConnectionsWithAnEndInIt() {
    CliTest.Run r = CliTest.run("", "netpol", "matrix", "examples/insecure-cluster", "-n", "data");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> rows = r.out().lines().skip(1).toList();
    // the twelve other workloads (four of them control-plane pods) and the outside world, both ways
    assertThat(rows).hasSize(26).allMatch(l -> l.contains("data/postgres[StatefulSet]"));
    // postgres-allow-all adds up with postgres-from-api: every workload and every address may
    // open the database, but only on 5432
    List<String> toDatabase =
        rows.stream()
            .filter(l -> l.matches("\\S+\\s+data/postgres\\[StatefulSet\\]\\s+.*"))
            .toList();
    assertThat(toDatabase)
        .hasSize(13)
        .allMatch(l -> l.endsWith("TCP 5432"))
        .anyMatch(l -> l.startsWith("0.0.0.0-255.255.255.255[External] "))
        .anyMatch(l -> l.startsWith("shop/api[Deployment] "));
  }

  @Test
  void partsThatTheApiServerWouldRejectAreWarnedAboutAtTheirLineAndAllowNothing() {
    CliTest.Run r = CliTest.run("", "netpol", "matrix", "src/test/resources/netpol-matrix");
    assertThat(r.code()).as(r.err()).isZero();
    String file = "src/test/resources/netpol-matrix/bad-policy.yaml";
    assertThat(r.err())
        .contains(file + ":31:13: warning: NetworkPolicy shop/web-in: ipBlock.cidr:")
        .contains(
            file
                + ":35:17: warning: NetworkPolicy shop/web-in: ipBlock.except: expected an address"
                + " block strictly inside 192.168.0.0/16; the peer allows nothing")
        .contains(file + ":39:11: warning: NetworkPolicy shop/web-in: ports.protocol:");
    // the API server rejects the whole policy; ignoring the bad exception would widen the peer
    assertThat(r.out())
        .doesNotContain("192.168")
        .doesNotContain("10.0.0.0")
        .doesNotContain("TCP 80")
        .doesNotContain("TCP 443");
    CliTest.Run quiet =
        CliTest.run("", "netpol", "matrix", "src/test/resources/netpol-matrix", "-q");
    assertThat(quiet.err()).isEmpty();
  }

  @Test
  void unknownFormatIsAUsageError() {
    CliTest.Run r = CliTest.run("", "netpol", "matrix", MINIMAL, "-o", "yaml");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown output format 'yaml'");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void missingInputIsAnInputError() {
    CliTest.Run r = CliTest.run("", "netpol", "matrix", "no/such/dir");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no/such/dir");
  }

  @Test
  void helpShowsExamples() {
    CliTest.Run r = CliTest.run("", "netpol", "matrix", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Examples:").contains("-o dot");
  }

  @Test
  void matrixExampleInTheDocsIsTrue() throws Exception {
    CliTest.Run r = CliTest.run("", "netpol", "matrix", "examples/hardened", "-o", "json");
    assertThat(r.code()).as(r.err()).isZero();
    String doc = Files.readString(Path.of("docs", "json-output.md"));
    int section = doc.indexOf("\n## parapet netpol matrix\n");
    assertThat(section).isPositive();
    int start = doc.indexOf("```json\n", section) + "```json\n".length();
    assertThat(doc.substring(start, doc.indexOf("```", start)))
        .as("the netpol matrix example in docs/json-output.md is stale")
        .isEqualTo(r.out());
  }
}
