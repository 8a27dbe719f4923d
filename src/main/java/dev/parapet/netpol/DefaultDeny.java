package dev.parapet.netpol;

import dev.parapet.check.Sink;
import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.model.Workload;
import dev.parapet.source.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Whether a namespace isolates every pod, present and future, in one direction: some policy of the
 * namespace with an empty podSelector has that type, and no policy of the namespace with an empty
 * podSelector opens that direction to every peer on every port again (policies add up).
 */
final class DefaultDeny {
  private DefaultDeny() {}

  static boolean has(List<Policy> policies, String namespace, boolean ingress) {
    boolean isolated = false;
    for (Policy p : policies) {
      if (!p.namespace().equals(namespace)
          || !NetpolFacts.selectsAll(p.podSelector())
          || !(ingress ? p.ingressType() : p.egressType())) {
        continue;
      }
      if ((ingress ? p.ingress() : p.egress()).stream().anyMatch(NetpolFacts::allowsEverything)) {
        return false;
      }
      isolated = true;
    }
    return isolated;
  }

  /**
   * Reports each namespace holding pods without a default deny in one direction, at its Namespace
   * object when the input has it, else at the namespace of its first workload.
   */
  static void report(Inventory inventory, Sink sink, boolean ingress) {
    Connectivity c = Connectivity.of(inventory);
    TreeSet<String> namespaces = new TreeSet<>();
    c.groups().forEach(g -> namespaces.add(g.namespace()));
    List<Workload> workloads = List.copyOf(NetpolFacts.workloads(inventory, c).values());
    Map<String, List<Policy>> byNamespace = new HashMap<>();
    for (Policy p : c.policies()) {
      byNamespace.computeIfAbsent(p.namespace(), k -> new ArrayList<>()).add(p);
    }
    Map<String, K8sObject> namespaceObjects = inventory.namespaces();
    for (String ns : namespaces) {
      if (has(byNamespace.getOrDefault(ns, List.of()), ns, ingress)) {
        continue;
      }
      int pods = NetpolFacts.groupsByNamespace(inventory, c).get(ns).size();
      String direction = ingress ? "ingress" : "egress";
      String message =
          "namespace "
              + ns
              + " has no default-deny "
              + direction
              + " policy (a NetworkPolicy with podSelector: {} and policyTypes ["
              + (ingress ? "Ingress" : "Egress")
              + "]): its "
              + pods
              + (pods == 1 ? " workload" : " workloads")
              + " and every pod created later "
              + (ingress ? "accept connections from" : "may open connections to")
              + " any pod and address unless a policy selects them"
              + (ns.equals("kube-system")
                  ? "; list the flows of the system components (DNS, CNI, metrics) before adding"
                      + " one"
                  : "");
      K8sObject namespace = namespaceObjects.get(ns);
      if (namespace != null) {
        Node at =
            namespace
                .metadata()
                .flatMap(m -> m.get("name"))
                .orElse(NetpolFacts.metadata(namespace));
        sink.report(namespace, at, message);
        continue;
      }
      for (Workload w : workloads) {
        K8sObject o = w.object();
        if (o.effectiveNamespace().equals(ns)) {
          Node at = o.metadata().flatMap(m -> m.get("namespace")).orElse(NetpolFacts.metadata(o));
          sink.report(o, at, message);
          break;
        }
      }
    }
  }
}
