package dev.parapet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code parapet graph} and {@code parapet paths} through the command line, on the examples. */
class GraphCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theHardenedExampleHasNoAttackPath() {
    CliTest.Run r = CliTest.run("", "paths", "examples/hardened");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("no attack path from the entry points to a crown jewel\n");
  }

  @Test
  void theInternetReachesClusterAdminInTheInsecureExampleHopByHop() throws Exception {
    CliTest.Run r =
        CliTest.run(
            "",
            "paths",
            "examples/insecure-cluster",
            "--from",
            "internet",
            "--to",
            "cluster-admin",
            "-o",
            "json");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    JsonNode root = JSON.readTree(r.out());
    JsonNode path = root.get("paths").get(0);
    assertThat(path.get("from").asText()).isEqualTo("entry:internet");
    assertThat(path.get("to").asText()).isEqualTo("jewel:cluster-admin");
    List<String> techniques = new ArrayList<>();
    path.get("hops").forEach(h -> techniques.add(h.get("technique").asText()));
    assertThat(techniques)
        .containsExactly(
            "ENDPOINT_EXPOSED", "ENDPOINT_EXPLOIT", "CE_PRIV_MOUNT", "ADMIN_KUBECONFIG_STEAL");
    JsonNode escape = path.get("hops").get(2);
    assertThat(escape.get("mitre").asText()).isEqualTo("T1611 Escape to Host");
    assertThat(escape.get("evidence").get(0).get("file").asText())
        .isEqualTo("examples/insecure-cluster/40-node-monitor.yaml");
    assertThat(root.get("remediation").get("minimumCut").get("complete").asBoolean()).isTrue();
    assertThat(root.get("techniques").get("CE_PRIV_MOUNT").asInt()).isEqualTo(1);
  }

  @Test
  void graphExportsVerticesAndEdgesAsJsonAndDot() throws Exception {
    CliTest.Run r = CliTest.run("", "graph", "examples/insecure-cluster");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode root = JSON.readTree(r.out());
    JsonNode v = root.get("vertices").get(0);
    assertThat(v.has("id") && v.has("type") && v.has("name") && v.has("namespace")).isTrue();
    JsonNode e = root.get("edges").get(0);
    assertThat(e.has("from") && e.has("to") && e.has("technique") && e.has("evidence")).isTrue();
    CliTest.Run dot = CliTest.run("", "graph", "examples/insecure-cluster", "-o", "dot");
    assertThat(dot.out()).startsWith("digraph attack {").contains("-> \"jewel:cluster-admin\"");
  }

  @Test
  void unknownEntriesJewelsAndFormatsAreUsageErrors() {
    assertThat(CliTest.run("", "paths", "examples/hardened", "--from", "mars").err())
        .contains("--from: no entry point or vertex 'mars'");
    assertThat(CliTest.run("", "paths", "examples/hardened", "--to", "gold").code()).isEqualTo(2);
    assertThat(CliTest.run("", "graph", "examples/hardened", "-o", "svg").code()).isEqualTo(2);
    assertThat(CliTest.run("", "paths", "examples/hardened", "--max", "0").code()).isEqualTo(2);
  }
}
