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
            + " knows (Namespace objects, with their labels and kubernetes.io/metadata.name, and"
            + " the namespaces any object lives in), judged only when the input defines at least"
            + " one Namespace object, since without them namespace labels are unknown; and by each"
            + " entry whose podSelector matches no workload's pod labels in the namespaces the"
            + " entry applies to, judged only when the input holds workloads there. ipBlock"
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
    List<String> known = NetpolFacts.knownNamespaces(context.inventory(), c);
    boolean namespacesDefined = !context.inventory().namespaces().isEmpty();
    for (Policy p : c.policies()) {
      for (List<Rule> rules : List.of(p.ingress(), p.egress())) {
        for (Rule r : rules) {
          for (PeerSpec peer : r.peers()) {
            if (peer.cidr().isPresent()) {
              continue;
            }
            problem(c, p, peer, known, namespacesDefined)
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
      Connectivity c, Policy p, PeerSpec peer, List<String> known, boolean namespacesDefined) {
    List<String> namespaces = List.of(p.namespace());
    if (peer.namespaceSelector().isPresent()) {
      LabelSelector sel = peer.namespaceSelector().get();
      namespaces = known.stream().filter(ns -> sel.matches(c.namespaceLabels(ns))).toList();
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
    List<PodGroup> candidates =
        c.groups().stream().filter(g -> scope.contains(g.namespace())).toList();
    if (candidates.isEmpty() || candidates.stream().anyMatch(g -> pods.matches(g.labels()))) {
      return Optional.empty();
    }
    return Optional.of(
        "podSelector "
            + describe(pods)
            + " matches no pod of namespace"
            + (scope.size() == 1 ? " " : "s ")
            + String.join(", ", scope)
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
