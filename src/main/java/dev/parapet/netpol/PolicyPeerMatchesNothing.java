package dev.parapet.netpol;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.model.LabelSelector;
import dev.parapet.netpol.Policy.PeerSpec;
import dev.parapet.netpol.Policy.Rule;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A peer whose selectors match nothing allows nothing, usually because of a typo; the flow it was
 * written for is blocked, and the quick fix people reach for is to widen the rule. Triggers on each
 * from/to entry whose namespaceSelector matches no namespace of the input (when the input defines
 * Namespace objects), or whose podSelector matches no pod of the namespaces it applies to (when the
 * input holds pods there).
 */
@CheckInfo(
    id = "NET-005",
    title = "NetworkPolicy peer matches no namespace or pod in the scanned input",
    severity = Severity.LOW,
    stride = Stride.DENIAL_OF_SERVICE,
    category = "network",
    nsa = {"Network separation and hardening: network policies"},
    description =
        "An ingress from or egress to entry selects pods by podSelector (in the policy's own"
            + " namespace), namespaces by namespaceSelector, or both (pods matching the"
            + " podSelector inside the namespaces matching the namespaceSelector). When the"
            + " selectors match nothing the entry allows nothing: the flow it was written for"
            + " fails, and the usual reaction, widening the rule, opens more than needed. Triggered"
            + " by each entry whose namespaceSelector matches none of the namespaces the input"
            + " knows (Namespace objects, with their labels and kubernetes.io/metadata.name, the"
            + " namespaces any object lives in, and default, kube-system, kube-public and"
            + " kube-node-lease, which every cluster has), judged only when the input defines at least"
            + " one Namespace object, since without them namespace labels are unknown; and by each"
            + " entry whose podSelector matches no workload's pod labels in the namespaces the"
            + " entry applies to, judged only when the input holds workloads there (a podSelector"
            + " of exactly a cluster DNS label, k8s-app: kube-dns, k8s-app: coredns or"
            + " app.kubernetes.io/name: coredns, is not judged in kube-system when no pod there"
            + " carries one: the input left the DNS out). ipBlock"
            + " entries are never reported. Low: with manifests scanned in parts the peer may live"
            + " in another input.",
    remediation =
        "Fix the selector's labels to match the namespace's labels (kubernetes.io/metadata.name"
            + " selects a namespace by name) or the pod template labels of the peer, or scan the"
            + " peer together with the policy.")
public final class PolicyPeerMatchesNothing implements InventoryCheck {
  @Override
  public void check(CheckContext context, Sink sink) {
    Connectivity c = Connectivity.of(context.inventory());
    // the labels of each known namespace, read once: a selector is matched against all of them
    Map<String, Map<String, String>> known = new java.util.LinkedHashMap<>();
    for (String ns : NetpolFacts.knownNamespaces(context.inventory(), c)) {
      known.put(ns, c.namespaceLabels(ns));
    }
    boolean namespacesDefined = !context.inventory().namespaces().isEmpty();
    Map<String, List<PodGroup>> byNamespace = NetpolFacts.groupsByNamespace(context.inventory(), c);
    for (Policy p : c.policies()) {
      for (List<Rule> rules : List.of(p.ingress(), p.egress())) {
        for (Rule r : rules) {
          for (PeerSpec peer : r.peers()) {
            if (peer.cidr().isPresent()) {
              continue;
            }
            problem(c, byNamespace, p, peer, known, namespacesDefined)
                .ifPresent(
                    why ->
                        sink.report(
                            p.object(),
                            NetpolFacts.at(p.object(), peer.location()),
                            NetpolFacts.policy(p) + ": " + why));
          }
        }
      }
    }
  }

  private static Optional<String> problem(
      Connectivity c,
      Map<String, List<PodGroup>> byNamespace,
      Policy p,
      PeerSpec peer,
      Map<String, Map<String, String>> known,
      boolean namespacesDefined) {
    List<String> namespaces = List.of(p.namespace());
    if (peer.namespaceSelector().isPresent()) {
      LabelSelector sel = peer.namespaceSelector().get();
      namespaces = new java.util.ArrayList<>();
      for (Map.Entry<String, Map<String, String>> ns : known.entrySet()) {
        if (sel.matches(ns.getValue())) {
          namespaces.add(ns.getKey());
        }
      }
      if (namespaces.isEmpty()) {
        return namespacesDefined
            ? Optional.of(
                "namespaceSelector "
                    + describe(sel)
                    + " matches no namespace in the scanned input, so the peer allows nothing")
            : Optional.empty();
      }
    }
    if (peer.podSelector().isEmpty()) {
      return Optional.empty();
    }
    LabelSelector pods = peer.podSelector().get();
    List<String> scope = namespaces;
    List<String> withPods = new java.util.ArrayList<>();
    for (String ns : scope) {
      List<PodGroup> groups = byNamespace.getOrDefault(ns, List.of());
      for (PodGroup g : groups) {
        if (pods.matches(g.labels())) {
          return Optional.empty();
        }
      }
      if (!groups.isEmpty()
          && !(ns.equals(NetpolFacts.DNS_NAMESPACE)
              && NetpolFacts.dnsMissingFromInput(pods, groups))) {
        withPods.add(ns);
      }
    }
    if (withPods.isEmpty()) {
      return Optional.empty();
    }
    String names =
        withPods.size() <= 5
            ? String.join(", ", withPods)
            : String.join(", ", withPods.subList(0, 5)) + " and " + (withPods.size() - 5) + " more";
    return Optional.of(
        "podSelector "
            + describe(pods)
            + " matches no pod of namespace"
            + (withPods.size() == 1 ? " " : "s ")
            + names
            + " in the scanned input, so the peer allows nothing");
  }

  private static String describe(LabelSelector s) {
    StringBuilder out = new StringBuilder();
    new java.util.TreeMap<>(s.matchLabels())
        .forEach(
            (k, v) -> out.append(out.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    for (LabelSelector.Requirement r : s.matchExpressions()) {
      out.append(out.length() == 0 ? "" : ", ")
          .append(r.key())
          .append(' ')
          .append(r.operator())
          .append(r.values().isEmpty() ? "" : " " + r.values());
    }
    String text = "{" + out + "}";
    return s.invalid().map(why -> text + " (invalid: " + why + ")").orElse(text);
  }
}
