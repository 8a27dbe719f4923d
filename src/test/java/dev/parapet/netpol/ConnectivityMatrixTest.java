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

  /** Review t4: two workloads, egress to IPv6 blocks, ingress from IPv6 and IPv4 blocks. */
  static final String DUAL_STACK =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: a}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: db, namespace: b}
      spec:
        selector: {matchLabels: {app: db}}
        template:
          metadata: {labels: {app: db}}
          spec: {containers: [{name: c, ports: [{name: pg, containerPort: 5432}]}]}
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: eg, namespace: a}
      spec:
        podSelector: {}
        policyTypes: [Egress]
        egress:
        - to: [{ipBlock: {cidr: "2001:db8::/32"}}]
        - to: [{ipBlock: {cidr: "::/0", except: ["fd00::/8"]}}]
          ports: [{port: 443}]
        - to: [{namespaceSelector: {}}]
          ports: [{port: pg}]
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: in, namespace: b}
      spec:
        podSelector: {}
        ingress:
        - from: [{ipBlock: {cidr: "2001:db8:1::/48"}}, {ipBlock: {cidr: 10.0.0.0/8}}]
          ports: [{port: pg}]
        - from: [{namespaceSelector: {}}]
      """;

  @Test
  void ipv6RangesAreCutAndListedLikeIpv4Ones() {
    Connectivity c = read(DUAL_STACK);
    assertThat(c.externalSources())
        .extracting(IpRange::display)
        .containsExactly(
            "0.0.0.0-9.255.255.255[External]",
            "10.0.0.0-10.255.255.255[External]",
            "11.0.0.0-255.255.255.255[External]",
            "::-2001:db8:0:ffff:ffff:ffff:ffff:ffff[External]",
            "2001:db8:1::-2001:db8:1:ffff:ffff:ffff:ffff:ffff[External]",
            "2001:db8:2::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]");
    assertThat(lines(c.connections()))
        .containsExactly(
            "0.0.0.0-9.255.255.255[External] => a/web[Deployment] : All Connections",
            "10.0.0.0-10.255.255.255[External] => a/web[Deployment] : All Connections",
            "10.0.0.0-10.255.255.255[External] => b/db[Deployment] : TCP 5432",
            "11.0.0.0-255.255.255.255[External] => a/web[Deployment] : All Connections",
            "2001:db8:1::-2001:db8:1:ffff:ffff:ffff:ffff:ffff[External] => a/web[Deployment] :"
                + " All Connections",
            "2001:db8:1::-2001:db8:1:ffff:ffff:ffff:ffff:ffff[External] => b/db[Deployment] :"
                + " TCP 5432",
            "2001:db8:2::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] => a/web[Deployment]"
                + " : All Connections",
            "::-2001:db8:0:ffff:ffff:ffff:ffff:ffff[External] => a/web[Deployment] :"
                + " All Connections",
            "a/web[Deployment] => 2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff[External] :"
                + " All Connections",
            "a/web[Deployment] => 2001:db9::-fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] :"
                + " TCP 443",
            "a/web[Deployment] => ::-2001:db7:ffff:ffff:ffff:ffff:ffff:ffff[External] : TCP 443",
            "a/web[Deployment] => b/db[Deployment] : TCP 5432",
            "a/web[Deployment] => fe00::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] :"
                + " TCP 443",
            "b/db[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections",
            "b/db[Deployment] => 2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff[External] :"
                + " All Connections",
            "b/db[Deployment] => 2001:db9::-fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] :"
                + " All Connections",
            "b/db[Deployment] => ::-2001:db7:ffff:ffff:ffff:ffff:ffff:ffff[External] :"
                + " All Connections",
            "b/db[Deployment] => a/web[Deployment] : All Connections",
            "b/db[Deployment] => fd00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] :"
                + " All Connections",
            "b/db[Deployment] => fe00::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] :"
                + " All Connections")
        .isEqualTo(pairwise(c));
  }

  @Test
  void ipv6IsListedOnlyWhenAPolicyMentionsIt() {
    Connectivity v4 =
        read(
            DUAL_STACK.replaceAll(
                "\\{ipBlock: \\{cidr: \"[^\"]*:[^\"]*\"[^}]*}}",
                "{podSelector: {matchLabels: {x: y}}}"));
    assertThat(v4.policies()).hasSize(2);
    assertThat(v4.externalSources()).noneMatch(IpRange::v6);
    assertThat(v4.externalDestinations())
        .extracting(IpRange::display)
        .containsExactly("0.0.0.0-255.255.255.255[External]");
    assertThat(lines(v4.connections())).isEqualTo(pairwise(v4)).noneMatch(l -> l.contains("::"));
    // one IPv6 block in one direction brings ::/0 into both
    Connectivity one =
        read(
            DUAL_STACK.substring(0, DUAL_STACK.indexOf("---\napiVersion: networking"))
                + """
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: in, namespace: b}
        spec:
          podSelector: {}
          ingress: [{from: [{ipBlock: {cidr: "2001:db8::/32"}}]}]
        """);
    assertThat(one.externalDestinations())
        .extracting(IpRange::display)
        .containsExactly(
            "0.0.0.0-255.255.255.255[External]",
            "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]");
    assertThat(lines(one.connections()))
        .isEqualTo(pairwise(one))
        .contains(
            "a/web[Deployment] => ::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] : All Connections");
  }

  @Test
  void ipv6AddressesAreWrittenInCanonicalForm() {
    // RFC 5952: lower-case, no leading zeros, the longest (first on a tie) run of 2+ zero groups
    assertThat(range("2001:DB8:0:0:1:0:0:1/128")).isEqualTo("2001:db8::1:0:0:1");
    assertThat(range("2001:db8:0:1:1:1:1:1/128")).isEqualTo("2001:db8:0:1:1:1:1:1");
    assertThat(range("2001:0db8:0000:0000:0000:0000:0000:0001/128")).isEqualTo("2001:db8::1");
    assertThat(range("::1/128")).isEqualTo("::1");
    assertThat(range("fe80::/128")).isEqualTo("fe80::");
    assertThat(range("0:0:1:0:0:0:1:0/128")).isEqualTo("0:0:1::1:0");
    assertThat(range("10.1.2.3/32")).isEqualTo("10.1.2.3");
    assertThat(IpRange.ALL_V6.display())
        .isEqualTo("::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]");
  }

  private static String range(String cidr) {
    IpRange r = IpRange.parseCidr(cidr).orElseThrow();
    return r.text(r.first());
  }
}
