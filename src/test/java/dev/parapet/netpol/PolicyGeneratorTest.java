package dev.parapet.netpol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
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
    assertThat(loaded.problems()).isEmpty();
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
    want.forEach((k, v) -> out.add(k + " : " + v));
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
}
