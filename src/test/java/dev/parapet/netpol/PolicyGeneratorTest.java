package dev.parapet.netpol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.scan.Scanner;
import dev.parapet.source.Limits;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.Problem;
import dev.parapet.source.YamlReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The generated policies, applied to the inventory in place of its own, allow exactly the flows
 * asked for (and DNS): proven with the connectivity engine on every pair of peers.
 */
class PolicyGeneratorTest {
  private static final String SHOP = "src/test/resources/netpol-generate/shop";
  private static final String FLOWS = "src/test/resources/netpol-generate/flows.yaml";

  static Inventory load(String path) {
    Scanner.Loaded loaded =
        Scanner.load(List.of(path), new ByteArrayInputStream(new byte[0]), Limits.DEFAULT);
    assertThat(loaded.problems()).noneMatch(p -> p.level() == Problem.Level.ERROR);
    return loaded.inventory();
  }

  static List<Flow> flows(Inventory inventory, String file) throws IOException {
    FlowReader.Result r =
        FlowReader.read(file, Files.readString(Path.of(file)), Connectivity.of(inventory).groups());
    assertThat(r.problems()).isEmpty();
    return r.flows();
  }

  /** The inventory with its NetworkPolicies replaced by the generated ones, parsed back. */
  static Connectivity applied(Inventory inventory, PolicyGenerator.Result generated) {
    ParsedFile parsed =
        new YamlReader(Limits.DEFAULT)
            .read("generated.yaml", generated.yaml().getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.problems()).isEmpty();
    Inventory policies = Inventory.build(List.of(parsed));
    assertThat(policies.problems()).isEmpty();
    List<K8sObject> objects = new ArrayList<>();
    inventory.objects().stream()
        .filter(o -> !o.kind().equals("NetworkPolicy"))
        .forEach(objects::add);
    objects.addAll(policies.objects());
    assertThat(policies.objects()).allMatch(o -> o.kind().equals("NetworkPolicy"));
    Connectivity c = Connectivity.of(Inventory.of(objects));
    assertThat(c.problems()).isEmpty();
    return c;
  }

  /**
   * Every connection the flows ask for, and DNS from every pod to the kube-system pods labelled
   * k8s-app: kube-dns, listed over the same peers as {@link Connectivity#connections()}.
   */
  static List<String> expected(Connectivity c, List<Flow> flows) {
    Map<String, PortSet> want = new TreeMap<>();
    PortSet dns =
        PortSet.of(PortSet.Protocol.UDP, 53, 53).union(PortSet.of(PortSet.Protocol.TCP, 53, 53));
    for (PodGroup src : c.groups()) {
      for (PodGroup dst : c.groups()) {
        if (!src.equals(dst)
            && dst.namespace().equals("kube-system")
            && "kube-dns".equals(dst.labels().get("k8s-app"))) {
          want.merge(key(src, dst), dns, PortSet::union);
        }
      }
    }
    for (Flow f : flows) {
      if (f.src() instanceof PodGroup && f.dst() instanceof PodGroup) {
        if (!f.src().display().equals(f.dst().display())) {
          want.merge(key(f.src(), f.dst()), f.portSet(), PortSet::union);
        }
        continue;
      }
      boolean outbound = f.dst() instanceof IpRange;
      IpRange block = (IpRange) (outbound ? f.dst() : f.src());
      for (IpRange piece : outbound ? c.externalDestinations() : c.externalSources()) {
        if (block.contains(piece)) {
          want.merge(
              outbound ? key(f.src(), piece) : key(piece, f.dst()), f.portSet(), PortSet::union);
        } else {
          assertThat(block.overlaps(piece)).as("%s cut at %s", piece, block).isFalse();
        }
      }
    }
    List<String> out = new ArrayList<>();
    want.forEach(
        (k, v) -> {
          if (!v.isEmpty()) {
            out.add(k + " : " + v);
          }
        });
    return out;
  }

  private static String key(Peer a, Peer b) {
    return a.display() + " => " + b.display();
  }

  static List<String> actual(Connectivity c) {
    List<String> out = new ArrayList<>();
    new TreeMap<String, PortSet>(
            Map.ofEntries(
                c.connections().stream()
                    .map(x -> Map.entry(key(x.src(), x.dst()), x.ports()))
                    .toArray(Map.Entry[]::new)))
        .forEach((k, v) -> out.add(k + " : " + v));
    return out;
  }

  @Test
  void allowsExactlyTheRequestedFlowsAcrossNamespaces() throws IOException {
    Inventory inventory = load(SHOP);
    List<Flow> flows = flows(inventory, FLOWS);
    assertThat(flows).hasSize(8);
    PolicyGenerator.Result result = PolicyGenerator.generate(inventory, flows, Optional.empty());
    assertThat(result.problems()).isEmpty();
    assertThat(result.files().keySet()).containsExactly("data", "kube-system", "shop");
    Connectivity c = applied(inventory, result);
    assertThat(actual(c)).containsExactlyElementsOf(expected(c, flows));
    // spot checks of what the proof covers
    assertThat(actual(c))
        .contains(
            "0.0.0.0-255.255.255.255[External] => shop/web[Deployment] : TCP 8080",
            "shop/api[Deployment] => 0.0.0.0-255.255.255.255[External] : TCP 443",
            "shop/api[Deployment] => data/statsd[DaemonSet] : UDP 8125",
            "shop/api[Deployment] => data/redis[Deployment] : TCP 6379,UDP 53"
                .replace(",UDP 53", ""),
            "shop/worker[Deployment] => kube-system/metrics-server[Deployment] : TCP 10250",
            "shop/worker[Deployment] => data/redis[Deployment] : TCP 6379-6380",
            "shop/web-canary[Deployment] => kube-system/coredns[Deployment] : TCP 53,UDP 53")
        .noneMatch(l -> l.startsWith("0.0.0.0-255.255.255.255[External] => shop/web-canary"))
        .noneMatch(l -> l.contains("=> data/postgres[StatefulSet]") && !l.startsWith("shop/api"));
  }

  @Test
  void allowsExactlyTheOnlineBoutiqueConnectionsOfTheCorpus() throws IOException {
    Path corpus = Path.of("..", "shared", "corpus", "netpol");
    assertThat(Files.isDirectory(corpus))
        .as(
            "the netpol-analyzer corpus is missing at %s: check it out beside this clone as"
                + " ../shared/corpus/netpol (CI has it there); these tests fail rather than skip",
            corpus.toAbsolutePath())
        .isTrue();
    Inventory inventory = load(corpus.resolve("tests/onlineboutique").toString());
    // the expected connection list of netpol-analyzer, as the CSV netpol matrix writes
    StringBuilder csv = new StringBuilder("src,dst,ports\r\n");
    List<String> lines =
        Files.readAllLines(corpus.resolve("expected/onlineboutique_connlist_output.txt")).stream()
            .filter(l -> !l.isBlank())
            .map(String::strip)
            .toList();
    for (String line : lines) {
      String[] ends = line.split(" => | : ");
      String ports = ends[2].equals("All Connections") ? "all" : ends[2];
      csv.append(ends[0]).append(',').append(ends[1]).append(",\"").append(ports).append("\"\r\n");
    }
    FlowReader.Result read =
        FlowReader.read("boutique.csv", csv.toString(), Connectivity.of(inventory).groups());
    assertThat(read.problems()).isEmpty();
    assertThat(read.flows()).hasSize(lines.size());
    PolicyGenerator.Result result =
        PolicyGenerator.generate(inventory, read.flows(), Optional.empty());
    assertThat(result.problems()).isEmpty();
    Connectivity c = applied(inventory, result);
    // no kube-dns pods in the case, so the connections are exactly the corpus' list
    List<String> actual = actual(c);
    assertThat(actual).containsExactlyElementsOf(expected(c, read.flows()));
    assertThat(actual.stream().map(l -> l.replace(" : ", " : ")).toList())
        .containsExactlyInAnyOrderElementsOf(lines);
  }

  @Test
  void proposesFlowsFromServiceReferences() {
    Inventory inventory = load(SHOP);
    List<String> proposed =
        ServiceFlows.propose(inventory).stream()
            .map(f -> f.describe() + " | " + f.origin())
            .toList();
    assertThat(proposed)
        .containsExactly(
            "shop/api[Deployment] -> data/postgres[StatefulSet] 5432/TCP | Service data/postgres"
                + " named in env DATABASE_URL of container api",
            "shop/api[Deployment] -> data/redis[Deployment] redis/TCP | Service data/redis named"
                + " in ConfigMap shop/api-config key cache of container api",
            "shop/web[Deployment] -> shop/api[Deployment] http/TCP | Service shop/api named in"
                + " env API_URL of container nginx",
            "shop/worker[Deployment] -> data/redis[Deployment] redis/TCP | Service data/redis"
                + " named in ConfigMap shop/worker-config key QUEUE_ADDR (envFrom of container"
                + " worker)",
            "shop/worker[Deployment] -> shop/api[Deployment] 9090/TCP,http/TCP | Service shop/api"
                + " named in args of container worker");
  }

  @Test
  void allowsExactlyTheProposedFlows() {
    Inventory inventory = load(SHOP);
    List<Flow> flows = ServiceFlows.propose(inventory);
    PolicyGenerator.Result result = PolicyGenerator.generate(inventory, flows, Optional.empty());
    assertThat(result.problems()).isEmpty();
    Connectivity c = applied(inventory, result);
    assertThat(actual(c))
        .containsExactlyElementsOf(expected(c, flows))
        .contains("shop/worker[Deployment] => shop/api[Deployment] : TCP 8000,9090");
    // the web Service is a LoadBalancer: a commented proposal, no rule
    assertThat(result.files().get("shop"))
        .contains(
            "# shop/web[Deployment] is reachable from outside the cluster through:\n"
                + "#   Service shop/web of type LoadBalancer, to http/TCP\n");
  }

  @Test
  void allowsExactlyTheProposedFlowsOfTheInsecureExample() {
    Scanner.Loaded loaded =
        Scanner.load(
            List.of("examples/insecure-cluster"),
            new ByteArrayInputStream(new byte[0]),
            Limits.DEFAULT);
    Inventory inventory = loaded.inventory();
    List<Flow> flows = ServiceFlows.propose(inventory);
    assertThat(flows)
        .extracting(Flow::describe)
        .contains("shop/api[Deployment] -> data/postgres[StatefulSet] 5432/TCP");
    PolicyGenerator.Result result = PolicyGenerator.generate(inventory, flows, Optional.empty());
    assertThat(result.problems()).isEmpty();
    assertThat(result.files().get("data"))
        .contains(
            "replaces the NetworkPolicies of the input in this namespace"
                + " (data/postgres-allow-all, data/postgres-from-api)");
    Connectivity c = applied(inventory, result);
    assertThat(actual(c)).containsExactlyElementsOf(expected(c, flows));
  }

  @Test
  void addressRangesBecomeTheFewestBlocks() throws IOException {
    Inventory inventory = load(SHOP);
    String csv =
        "src,dst,ports\n"
            // a range the matrix prints, not one CIDR: 0.0.0.0/0 except 0/5, 8/7, 10/8
            + "shop/api[Deployment],11.0.0.0-255.255.255.255[External],TCP 443\n"
            + "shop/api,10.0.0.0-10.0.0.255,\"TCP 5000-5001,UDP 514\"\n"
            + "shop/worker,169.254.169.254,all\n"
            + "192.168.0.0/16,shop/api,TCP\n"
            // IPv6, as a CIDR and as a range the matrix prints
            + "shop/api,2001:db8::/32,TCP 443\n"
            + "2001:db8:1::-2001:db8:1:fe:ffff:ffff:ffff:ffff[External],shop/api,TCP 8443\n";
    FlowReader.Result read = FlowReader.read("f.csv", csv, Connectivity.of(inventory).groups());
    assertThat(read.problems()).isEmpty();
    PolicyGenerator.Result result =
        PolicyGenerator.generate(inventory, read.flows(), Optional.empty());
    String shop = result.files().get("shop");
    assertThat(shop)
        .contains(
            "    - ipBlock:\n        cidr: 0.0.0.0/0\n        except:\n        - 0.0.0.0/5\n"
                + "        - 8.0.0.0/7\n        - 10.0.0.0/8\n")
        .contains("        cidr: 10.0.0.0/24\n")
        .contains("        cidr: 169.254.169.254/32\n")
        .contains("        cidr: 192.168.0.0/16\n    ports:\n    - protocol: TCP\n")
        .contains("        cidr: 2001:db8::/32\n")
        .contains("        cidr: 2001:db8:1::/56\n        except:\n        - 2001:db8:1:ff::/64\n")
        .doesNotContain(":0:0:");
    Connectivity c = applied(inventory, result);
    assertThat(c.externalSources()).anyMatch(IpRange::v6);
    assertThat(actual(c))
        .containsExactlyElementsOf(expected(c, read.flows()))
        .contains(
            "shop/worker[Deployment] => 169.254.169.254-169.254.169.254[External] : All Connections",
            "shop/api[Deployment] => 2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff[External]"
                + " : TCP 443");
  }

  @Test
  void blocksAreCutToTheFewestCidrs() {
    IpRange r = FlowReader.address("0.0.0.0-9.255.255.255").orElseThrow();
    assertThat(PolicyGenerator.cidrs(r).stream().map(PolicyGenerator::cidr))
        .containsExactly("0.0.0.0/5", "8.0.0.0/7");
    IpRange v6 = IpRange.parseCidr("2001:db8::/32").orElseThrow();
    assertThat(PolicyGenerator.cidr(v6)).isEqualTo("2001:db8::/32");
    assertThat(PolicyGenerator.cidr(IpRange.parseCidr("::/0").orElseThrow())).isEqualTo("::/0");
    assertThat(PolicyGenerator.cidr(IpRange.parseCidr("fd00:0:0:1::1/128").orElseThrow()))
        .isEqualTo("fd00:0:0:1::1/128");
    assertThat(PolicyGenerator.cidr(IpRange.parseCidr("2001:db8:0:1:0:0:0:0/64").orElseThrow()))
        .isEqualTo("2001:db8:0:1::/64");
    assertThat(PolicyGenerator.cidrs(IpRange.ALL_V4).stream().map(PolicyGenerator::cidr))
        .containsExactly("0.0.0.0/0");
  }

  @Test
  void aWorkloadNoLabelsTellApartGetsNoRuleAndIsReported() {
    Inventory inventory = load("src/test/resources/netpol-generate/alike");
    Connectivity conn = Connectivity.of(inventory);
    PodGroup a = conn.group("team/a[Deployment]").orElseThrow();
    PodGroup b = conn.group("team/b[Deployment]").orElseThrow();
    PodGroup plain = conn.group("team/plain[Pod]").orElseThrow();
    List<Flow> flows =
        List.of(
            new Flow(a, b, List.of(Flow.Port.number(PortSet.Protocol.TCP, 80, 80)), "f:1"),
            new Flow(plain, b, List.of(), "f:2"));
    PolicyGenerator.Result result = PolicyGenerator.generate(inventory, flows, Optional.empty());
    assertThat(result.flows()).isEmpty();
    assertThat(result.problems())
        .extracting(Object::toString)
        .containsExactly(
            "src/test/resources/netpol-generate/alike/team.yaml:1:1: team/a[Deployment] cannot be"
                + " selected apart from team/b[Deployment] by labels: give its pod template a label"
                + " of its own; flows skipped: team/a[Deployment] -> team/b[Deployment] 80/TCP (f:1)",
            "src/test/resources/netpol-generate/alike/team.yaml:33:1: team/plain[Pod] has no pod"
                + " labels, so no policy can select its pods alone: give its pod template a label;"
                + " flows skipped: team/plain[Pod] -> team/b[Deployment] all ports (f:2)");
    // what is left is still a sound default deny
    Connectivity c = applied(inventory, result);
    assertThat(c.connections()).isEmpty();
  }

  @Test
  void aNamespaceAloneGetsOnlyItsOwnPolicies() throws IOException {
    Inventory inventory = load(SHOP);
    PolicyGenerator.Result result =
        PolicyGenerator.generate(inventory, flows(inventory, FLOWS), Optional.of("data"));
    assertThat(result.files().keySet()).containsExactly("data");
    assertThat(result.yaml())
        .contains("name: postgres-ingress")
        .doesNotContain("name: api-egress")
        .doesNotContain("namespace: shop\n");
  }

  @Test
  void theOutputDependsOnTheFlowsNotOnTheirOrder() throws IOException {
    Inventory inventory = load(SHOP);
    List<Flow> flows = flows(inventory, FLOWS);
    List<Flow> reversed = new ArrayList<>(flows);
    java.util.Collections.reverse(reversed);
    String once = PolicyGenerator.generate(inventory, flows, Optional.empty()).yaml();
    assertThat(PolicyGenerator.generate(inventory, flows, Optional.empty()).yaml()).isEqualTo(once);
    // the same rules in the same order; only the comments of merged flows follow the input
    assertThat(PolicyGenerator.generate(inventory, reversed, Optional.empty()).yaml())
        .isEqualTo(once);
  }

  @Test
  void aPortNameTheDestinationLacksIsAWarning() {
    Inventory inventory = load(SHOP);
    Connectivity conn = Connectivity.of(inventory);
    PodGroup web = conn.group("shop/web[Deployment]").orElseThrow();
    PodGroup postgres = conn.group("data/postgres[StatefulSet]").orElseThrow();
    Flow flow =
        new Flow(
            web,
            postgres,
            List.of(Flow.Port.named(PortSet.Protocol.TCP, "pg")),
            "Service data/pg named in env X of container nginx");
    PolicyGenerator.Result result =
        PolicyGenerator.generate(inventory, List.of(flow), Optional.empty());
    assertThat(result.problems())
        .extracting(Object::toString)
        .containsExactly(
            SHOP
                + "/20-data.yaml:1:1: warning: data/postgres[StatefulSet] has no container port"
                + " named pg/TCP, so that port of the flow allows nothing: shop/web[Deployment] ->"
                + " data/postgres[StatefulSet] pg/TCP (Service data/pg named in env X of container"
                + " nginx)");
    Connectivity c = applied(inventory, result);
    assertThat(actual(c)).containsExactlyElementsOf(expected(c, List.of(flow)));
  }
}
