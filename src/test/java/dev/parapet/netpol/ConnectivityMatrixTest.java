package dev.parapet.netpol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parapet.model.Inventory;
import dev.parapet.perf.NetpolGenerator;
import dev.parapet.scan.Scanner;
import dev.parapet.source.Limits;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.YamlReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Connectivity#connections()} computes the matrix in bulk; it must list exactly what asking
 * {@link Connectivity#allowed} for every ordered pair lists, in the same order.
 */
class ConnectivityMatrixTest {
  private static final Path CORPUS = Path.of("..", "shared", "corpus", "netpol");

  /** The matrix the slow way: every ordered pair through {@code allowed}, sorted. */
  static List<String> pairwise(Connectivity c) {
    List<Connectivity.Connection> out = new ArrayList<>();
    for (PodGroup src : c.groups()) {
      for (PodGroup dst : c.groups()) {
        if (src != dst) {
          add(out, c, src, dst);
        }
      }
      for (IpRange ext : c.externalDestinations()) {
        add(out, c, src, ext);
      }
      for (IpRange ext : c.externalSources()) {
        add(out, c, ext, src);
      }
    }
    out.sort(
        Comparator.comparing((Connectivity.Connection x) -> x.src().display())
            .thenComparing(x -> x.dst().display()));
    return lines(out);
  }

  private static void add(List<Connectivity.Connection> out, Connectivity c, Peer src, Peer dst) {
    PortSet ports = c.allowed(src, dst);
    if (!ports.isEmpty()) {
      out.add(new Connectivity.Connection(src, dst, ports));
    }
  }

  private static List<String> lines(List<Connectivity.Connection> connections) {
    return connections.stream()
        .map(x -> x.src().display() + " => " + x.dst().display() + " : " + x.ports())
        .toList();
  }

  private static Connectivity read(String yaml) {
    ParsedFile f =
        new YamlReader(Limits.DEFAULT).read("c.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    assertThat(f.problems()).isEmpty();
    return Connectivity.of(Inventory.build(List.of(f)));
  }

  @Test
  void agreesWithPairwiseAnswersOnGeneratedClusters() {
    for (long seed = 1; seed <= 3; seed++) {
      Connectivity c =
          read(NetpolGenerator.list(new NetpolGenerator.Spec(seed, 30, 120, 400, 700)));
      List<String> bulk = lines(c.connections());
      assertThat(bulk).as("seed %d", seed).isEqualTo(pairwise(c));
      // the cluster exercises both allowed and denied pairs, named ports and external ranges
      assertThat(bulk).anyMatch(l -> l.contains("[External] =>"));
      assertThat(bulk).anyMatch(l -> l.contains("=> ") && l.endsWith("[External] : TCP 443"));
      assertThat(bulk.size()).isLessThan(c.groups().size() * (c.groups().size() - 1));
    }
  }

  @Test
  void agreesWithPairwiseAnswersWithFewPolicies() {
    Connectivity c = read(NetpolGenerator.list(new NetpolGenerator.Spec(4, 20, 60, 150, 25)));
    assertThat(lines(c.connections())).isEqualTo(pairwise(c));
  }

  @Test
  void agreesWithPairwiseAnswersOnTheCorpus() throws IOException {
    assertThat(Files.isDirectory(CORPUS))
        .as(
            "the netpol-analyzer corpus is missing at %s: check it out beside this clone as"
                + " ../shared/corpus/netpol (CI has it there); these tests fail rather than skip",
            CORPUS.toAbsolutePath())
        .isTrue();
    JsonNode cases = new ObjectMapper().readTree(CORPUS.resolve("cases.json").toFile());
    for (JsonNode k : cases) {
      Path input = CORPUS.resolve(k.get("input").asText());
      Inventory inventory =
          Scanner.load(
                  List.of(input.toString()), new ByteArrayInputStream(new byte[0]), Limits.DEFAULT)
              .inventory();
      Connectivity c = Connectivity.of(inventory);
      assertThat(lines(c.connections())).as(input.toString()).isEqualTo(pairwise(c));
    }
  }

  @Test
  void groupsThatPoliciesCannotTellApartStillAppearOnTheirOwn() {
    String pod =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: a, labels: {app: web}}
        spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
        ---
        """;
    Connectivity c =
        read(
            pod.formatted("one")
                + pod.formatted("two")
                + """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: p, namespace: a}
                spec:
                  podSelector: {}
                  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: http}]}]
                """);
    assertThat(lines(c.connections()))
        .containsExactly(
            "a/one[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections",
            "a/one[Pod] => a/two[Pod] : TCP 8080",
            "a/two[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections",
            "a/two[Pod] => a/one[Pod] : TCP 8080")
        .isEqualTo(pairwise(c));
  }
}
