package dev.parapet.netpol;

import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.model.LabelSelector;
import dev.parapet.model.Location;
import dev.parapet.model.Workload;
import dev.parapet.netpol.Policy.PeerSpec;
import dev.parapet.netpol.Policy.Rule;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.SeqNode;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** What the NetworkPolicy checks share: where to report, and which workload a pod group is. */
final class NetpolFacts {
  private NetpolFacts() {}

  /**
   * The pod groups of the engine with the workload object shown for each (the controller's own
   * object when the input has it, else its first pod), in input order.
   */
  static Map<PodGroup, Workload> workloads(Inventory inventory, Connectivity c) {
    return inventory.derived(
        WorkloadsKey.class,
        inv -> {
          Map<K8sObject, List<PodGroup>> byObject = new java.util.IdentityHashMap<>();
          for (PodGroup g : c.groups()) {
            Workload w = c.workloads().get(g.display());
            if (w != null) {
              byObject.computeIfAbsent(w.object(), k -> new java.util.ArrayList<>()).add(g);
            }
          }
          Map<PodGroup, Workload> out = new LinkedHashMap<>();
          for (K8sObject o : inv.objects()) {
            for (PodGroup g : byObject.getOrDefault(o, List.of())) {
              out.putIfAbsent(g, c.workloads().get(g.display()));
            }
          }
          return java.util.Collections.unmodifiableMap(out);
        });
  }

  private static final class WorkloadsKey {}

  private static final class ByNamespaceKey {}

  /** The pod groups of each namespace, so that checks never scan every group per policy. */
  static Map<String, List<PodGroup>> groupsByNamespace(Inventory inventory, Connectivity c) {
    return inventory.derived(
        ByNamespaceKey.class,
        inv -> {
          Map<String, List<PodGroup>> out = new HashMap<>();
          for (PodGroup g : c.groups()) {
            out.computeIfAbsent(g.namespace(), k -> new java.util.ArrayList<>()).add(g);
          }
          out.replaceAll((k, v) -> List.copyOf(v));
          return Map.copyOf(out);
        });
  }

  /**
   * Where a workload's pod labels are written: its pod template's metadata, else the template, else
   * the object's metadata.
   */
  static Node podLabelsAnchor(Workload w) {
    return w.podMetadata()
        .map(m -> (Node) m)
        .or(() -> w.template().map(t -> (Node) t))
        .orElse(metadata(w.object()));
  }

  static Node metadata(K8sObject o) {
    return o.metadata().map(m -> (Node) m).orElse(o.root());
  }

  /** The node written at a location of the object (a rule or a peer), else its metadata. */
  static Node at(K8sObject o, Location l) {
    Node n = o.root();
    if (l.pointer().isEmpty()) {
      return metadata(o);
    }
    for (String raw : l.pointer().substring(1).split("/", -1)) {
      String token = raw.replace("~1", "/").replace("~0", "~");
      Optional<Node> next = Optional.empty();
      if (n instanceof MapNode m) {
        next = m.get(token);
      } else if (n instanceof SeqNode s
          && !token.isEmpty()
          && token.length() < 10
          && token.chars().allMatch(Character::isDigit)) {
        int i = Integer.parseInt(token);
        next = i < s.length() ? Optional.of(s.get(i)) : Optional.empty();
      }
      if (next.isEmpty()) {
        return metadata(o);
      }
      n = next.get();
    }
    return n;
  }

  /** Whether a selector is empty and so selects everything. */
  static boolean selectsAll(LabelSelector s) {
    return s.matchLabels().isEmpty() && s.matchExpressions().isEmpty();
  }

  /** Whether a block covers every address of its family, as 0.0.0.0/0 and ::/0 do. */
  static boolean wholeFamily(IpRange r) {
    BigInteger last = BigInteger.ONE.shiftLeft(r.v6() ? 128 : 32).subtract(BigInteger.ONE);
    return r.first().signum() == 0 && r.last().equals(last);
  }

  /** Whether a rule admits every peer on every port. */
  static boolean allowsEverything(Rule r) {
    return r.anyPeer() && r.anyPort();
  }

  /** Whether a peer is an ipBlock of a whole address family. */
  static boolean everyAddress(PeerSpec p) {
    return p.cidr().isPresent() && wholeFamily(p.cidr().get());
  }

  /**
   * The namespaces the scanned input knows: those it defines, those its pod groups and policies
   * live in, those any of its objects name, and those every cluster has.
   */
  static List<String> knownNamespaces(Inventory inventory, Connectivity c) {
    TreeSet<String> out = new TreeSet<>(c.namespaces());
    out.addAll(List.of("default", "kube-node-lease", "kube-public", "kube-system"));
    for (K8sObject o : inventory.objects()) {
      if (!o.effectiveNamespace().isEmpty()) {
        out.add(o.effectiveNamespace());
      }
    }
    return List.copyOf(out);
  }

  /** The namespace the cluster DNS runs in. */
  static final String DNS_NAMESPACE = "kube-system";

  /**
   * The labels the cluster DNS pods carry, most common first: {@code k8s-app: kube-dns} on kubeadm,
   * EKS, GKE, AKS, k3s and RKE2 (CoreDNS keeps kube-dns's label for compatibility), then the
   * CoreDNS Helm chart's {@code k8s-app: coredns} and {@code app.kubernetes.io/name: coredns}.
   */
  static final List<Map<String, String>> DNS_LABELS =
      List.of(
          Map.of("k8s-app", "kube-dns"),
          Map.of("k8s-app", "coredns"),
          Map.of("app.kubernetes.io/name", "coredns"));

  /** Whether a pod group is the cluster DNS: in kube-system, with one of {@link #DNS_LABELS}. */
  static boolean clusterDns(PodGroup g) {
    return g.namespace().equals(DNS_NAMESPACE) && dnsLabels(g.labels()).isPresent();
  }

  /** The first of {@link #DNS_LABELS} that {@code labels} include. */
  static Optional<Map<String, String>> dnsLabels(Map<String, String> labels) {
    return DNS_LABELS.stream()
        .filter(
            d -> d.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey()))))
        .findFirst();
  }

  /**
   * Whether a selector is the usual one for the cluster DNS ({@code matchLabels} equal to one of
   * {@link #DNS_LABELS}) while the input holds no cluster DNS pod: then the input is partial (every
   * cluster runs a DNS), and a check of the scanned input must not report the selector as matching
   * nothing.
   */
  static boolean dnsMissingFromInput(LabelSelector s, List<PodGroup> kubeSystem) {
    return s.matchExpressions().isEmpty()
        && DNS_LABELS.contains(s.matchLabels())
        && kubeSystem.stream().noneMatch(NetpolFacts::clusterDns);
  }

  /** {@code NetworkPolicy ns/name}. */
  static String policy(Policy p) {
    return "NetworkPolicy " + p.namespace() + "/" + p.object().name();
  }
}
