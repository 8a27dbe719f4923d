package dev.parapet.netpol;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.model.Workload;
import dev.parapet.netpol.Exposure.Entry;
import dev.parapet.netpol.Exposure.Kind;
import dev.parapet.netpol.Exposure.Target;
import dev.parapet.source.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workload that outside clients can reach, with no NetworkPolicy selecting it for ingress,
 * accepts every source on every port: the exposure meant for one port opens all of them, and every
 * pod of the cluster reaches it too. Triggers on a workload reached by a LoadBalancer or NodePort
 * Service, a Service's externalIPs, an Ingress backend or a container hostPort when no policy of
 * its namespace selects its pods with policy type Ingress. Pods on the host network are left to the
 * Pod Security checks: policies cannot protect them.
 */
@CheckInfo(
    id = "NET-009",
    title = "Workload reachable from outside the cluster without an ingress policy",
    severity = Severity.MEDIUM,
    stride = Stride.INFORMATION_DISCLOSURE,
    category = "exposure",
    mitre = {"T1190", "T1046"},
    nsa = {"Network separation and hardening: network policies"},
    description =
        "A LoadBalancer, NodePort or externalIPs Service, an Ingress backend or a hostPort lets"
            + " traffic from outside the cluster reach a workload's pods. When no NetworkPolicy"
            + " selects those pods for ingress, nothing narrows who reaches them: the published"
            + " port is open to every outside address rather than to the expected clients or the"
            + " ingress controller, and every other port (metrics, debug and admin endpoints) to"
            + " every pod of the cluster, and to the network itself where pod addresses are"
            + " routable (VPC-native clusters). A compromised neighbour or a leaked pod address is"
            + " then enough."
            + " Medium rather than high because the exposure itself is usually intended (a web"
            + " front end); the missing policy is what widens it. Triggered by a workload that"
            + " `parapet netpol exposure` lists behind such an entry when no policy of its"
            + " namespace selects its pod labels with policy type Ingress; reported at the pod"
            + " template's labels (or the pod spec), the message naming each exposure with its"
            + " file:line. Pods on the host network are not reported here: policies do not"
            + " apply to them in common CNIs (PSS-002, host namespaces, covers them).",
    remediation =
        "Add a NetworkPolicy that selects the workload's pods with policyTypes [Ingress] and"
            + " admits only the published port from the expected sources (the ingress"
            + " controller's namespace, the load balancer's ranges), ideally on top of a"
            + " namespace-wide default deny.")
public final class ExposedWithoutIngressPolicy implements InventoryCheck {
  /** At most this many exposures are named in one message; the rest are counted. */
  private static final int NAMED = 3;

  @Override
  public void check(CheckContext context, Sink sink) {
    Exposure exposure = Exposure.of(context.inventory());
    Map<PodGroup, List<Entry>> open = new LinkedHashMap<>();
    for (Entry e : exposure.entries()) {
      if (e.kind() == Kind.HOST_NETWORK) {
        continue;
      }
      for (Target t : e.targets()) {
        if (t.policies().isEmpty()) {
          List<Entry> list = open.computeIfAbsent(t.group(), g -> new ArrayList<>());
          if (!list.contains(e)) {
            list.add(e);
          }
        }
      }
    }
    open.forEach(
        (group, entries) ->
            exposure.workload(group).ifPresent(w -> report(w, group, entries, sink)));
  }

  private static void report(Workload w, PodGroup group, List<Entry> entries, Sink sink) {
    List<String> named = new ArrayList<>();
    for (Entry e : entries.subList(0, Math.min(NAMED, entries.size()))) {
      named.add(
          e.kind().label()
              + " "
              + e.address()
              + e.service().map(s -> " (Service " + s + ")").orElse("")
              + " at "
              + e.location().file()
              + ":"
              + e.location().line());
    }
    String more = entries.size() > NAMED ? " and " + (entries.size() - NAMED) + " more" : "";
    String message =
        group.display()
            + " is reachable from outside the cluster through "
            + String.join(", ", named)
            + more
            + ", and no NetworkPolicy selects it for ingress: every source reaches every port";
    Node at =
        w.podMetadata().flatMap(m -> m.get("labels")).map(n -> (Node) n).orElse(w.podAnchor());
    sink.report(w.object(), at, message);
  }
}
