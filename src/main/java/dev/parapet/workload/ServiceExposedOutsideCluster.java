package dev.parapet.workload;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.ObjectCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.model.K8sObject;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.ScalarNode;
import dev.parapet.source.SeqNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * NodePort and LoadBalancer Services are reachable from outside the cluster: each is an entry point
 * to review. Triggers on a Service whose {@code spec.type} is NodePort or LoadBalancer.
 */
@CheckInfo(
    id = "EXP-001",
    title = "Service exposed outside the cluster",
    severity = Severity.LOW,
    stride = Stride.INFORMATION_DISCLOSURE,
    category = "exposure",
    mitre = {"T1190", "T1133"},
    nsa = {"Network separation and hardening: network policies"},
    description =
        "A NodePort Service opens its port on every node of the cluster, on all of the node's"
            + " addresses; a LoadBalancer Service asks the cloud for a load balancer, public unless"
            + " annotated as internal, and (unless allocateLoadBalancerNodePorts is false) opens"
            + " node ports too. Each is an entry point from outside the cluster that NetworkPolicies"
            + " written for pod traffic may not cover. This is a fact to review rather than a"
            + " fault. Triggered by a Service with spec.type NodePort or LoadBalancer; the message"
            + " gives the ports, the loadBalancerSourceRanges and whether a well-known internal"
            + " load balancer annotation is present.",
    remediation =
        "Prefer a ClusterIP Service behind an Ingress or Gateway that terminates TLS and"
            + " authenticates; for a LoadBalancer, set loadBalancerSourceRanges or make it internal,"
            + " and set allocateLoadBalancerNodePorts: false where the cloud allows it.")
public final class ServiceExposedOutsideCluster implements ObjectCheck {
  /** Annotations with which cloud providers make a load balancer internal. */
  static final Map<String, String> INTERNAL =
      Map.of(
          "service.beta.kubernetes.io/aws-load-balancer-internal", "true",
          "service.beta.kubernetes.io/aws-load-balancer-scheme", "internal",
          "service.beta.kubernetes.io/azure-load-balancer-internal", "true",
          "networking.gke.io/load-balancer-type", "Internal",
          "cloud.google.com/load-balancer-type", "Internal",
          "service.beta.kubernetes.io/oci-load-balancer-internal", "true");

  @Override
  public void check(K8sObject object, CheckContext context, Sink sink) {
    if (!object.kind().equals("Service") || !object.group().isEmpty()) {
      return;
    }
    Optional<MapNode> spec = object.root().map("spec");
    Optional<ScalarNode> type = spec.flatMap(s -> s.scalar("type")).filter(s -> !s.isNull());
    if (type.isEmpty()) {
      return;
    }
    String t = type.get().value();
    if (!t.equals("NodePort") && !t.equals("LoadBalancer")) {
      return;
    }
    List<String> ports = new ArrayList<>();
    List<String> nodePorts = new ArrayList<>();
    for (Node p : spec.flatMap(s -> s.seq("ports")).map(SeqNode::items).orElse(List.of())) {
      if (p instanceof MapNode m) {
        m.string("port").ifPresent(ports::add);
        m.string("nodePort").ifPresent(nodePorts::add);
      }
    }
    String message;
    if (t.equals("NodePort")) {
      message =
          "Service \""
              + object.name()
              + "\" of type NodePort opens "
              + (nodePorts.isEmpty()
                  ? "a port of the node port range"
                  : "port" + (nodePorts.size() == 1 ? " " : "s ") + String.join(", ", nodePorts))
              + " on every node";
    } else {
      String internal =
          INTERNAL.entrySet().stream()
              .filter(e -> e.getValue().equalsIgnoreCase(object.annotations().get(e.getKey())))
              .map(Map.Entry::getKey)
              .sorted()
              .findFirst()
              .map(a -> "an internal load balancer (" + a + ")")
              .orElse("a load balancer outside the cluster");
      List<String> ranges = new ArrayList<>();
      spec.flatMap(s -> s.seq("loadBalancerSourceRanges"))
          .ifPresent(
              seq ->
                  seq.items()
                      .forEach(
                          n -> {
                            if (n instanceof ScalarNode s && !s.isNull()) {
                              ranges.add(s.value());
                            }
                          }));
      message =
          "Service \""
              + object.name()
              + "\" of type LoadBalancer exposes "
              + (ports.isEmpty()
                  ? "its ports"
                  : "port" + (ports.size() == 1 ? " " : "s ") + String.join(", ", ports))
              + " through "
              + internal
              + ", "
              + (ranges.isEmpty()
                  ? "open to any source address"
                  : "restricted to " + String.join(", ", ranges));
    }
    sink.report(object, type.get(), message);
  }
}
