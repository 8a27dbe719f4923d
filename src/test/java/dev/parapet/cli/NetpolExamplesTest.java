package dev.parapet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped examples show the NetworkPolicy checks: the insecure one fails, the hardened not. */
class NetpolExamplesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<JsonNode> networkFindings(String path) throws Exception {
    CliTest.Run r = CliTest.run("", "scan", path, "--only", "network", "-o", "json");
    List<JsonNode> out = new ArrayList<>();
    JSON.readTree(r.out()).get("findings").forEach(out::add);
    return out;
  }

  private static String line(JsonNode f) throws Exception {
    return Files.readAllLines(Path.of(f.get("file").asText()))
        .get(f.get("line").asInt() - 1)
        .trim();
  }

  @Test
  void insecureClusterTriggersTheNetworkChecksAtTheirFields() throws Exception {
    List<JsonNode> found = networkFindings("examples/insecure-cluster");
    List<String> checks = found.stream().map(f -> f.get("check").asText()).distinct().toList();
    assertThat(checks)
        .contains("NET-001", "NET-002", "NET-003", "NET-004", "NET-006", "NET-007", "NET-008");
    JsonNode wide =
        found.stream().filter(f -> f.get("check").asText().equals("NET-006")).findFirst().get();
    assertThat(wide.get("name").asText()).isEqualTo("postgres-allow-all");
    assertThat(wide.get("message").asText())
        .endsWith("to data/postgres[StatefulSet] on TCP 5432 (PostgreSQL)");
    assertThat(line(wide)).isEqualTo("- ports:");
    JsonNode typo =
        found.stream().filter(f -> f.get("check").asText().equals("NET-004")).findFirst().get();
    assertThat(line(typo)).isEqualTo("podSelector:");
    // the node monitor is on the host network: policies cannot help it, PSS-002 reports it
    assertThat(found)
        .noneMatch(
            f ->
                f.get("name").asText().equals("node-monitor")
                    && f.get("kind").asText().equals("DaemonSet"));
    // every namespace holding workloads lacks a default deny, kube-system and default included
    assertThat(
            found.stream()
                .filter(f -> f.get("check").asText().equals("NET-001"))
                .map(f -> f.get("message").asText().split(" ")[1])
                .toList())
        .containsExactlyInAnyOrder(
            "batch", "ci", "data", "default", "kube-system", "monitoring", "shop");
  }

  @Test
  void hardenedClusterHasNoNetworkFindingAndAllowsExactlyItsFlows() throws Exception {
    assertThat(networkFindings("examples/hardened")).isEmpty();
    CliTest.Run r = CliTest.run("", "netpol", "matrix", "examples/hardened", "-o", "csv");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().filter(l -> !l.contains("[External]")).toList())
        .containsExactly(
            "src,dst,ports",
            "shop/api[Deployment],data/postgres[StatefulSet],TCP 5432",
            "shop/frontend[Deployment],shop/api[Deployment],TCP 8080");
    // outside the cluster: the API server's address for two, HTTPS to the internet for the runner
    assertThat(r.out().lines().filter(l -> l.contains("[External]")).toList())
        .allMatch(l -> l.endsWith(",TCP 443"))
        .allMatch(
            l ->
                l.startsWith("ci/ci-runner[Deployment],")
                    || l.equals(
                        "monitoring/node-monitor[Deployment],192.0.2.10-192.0.2.10[External],TCP 443"))
        .noneMatch(
            l -> l.contains("169.254.169.254") || l.startsWith("ci/ci-runner[Deployment],10."));
  }
}
