package dev.parapet.netpol;

import java.util.List;
import java.util.Map;

/**
 * Pods that policies cannot tell apart: those of one pod template (a workload) or one bare Pod,
 * with the namespace, labels and named container ports that policies see. {@code owner} and {@code
 * kind} are what users recognise: the controller rather than its generated pods.
 */
public record PodGroup(
    String namespace,
    String owner,
    String kind,
    Map<String, String> labels,
    List<NamedPort> namedPorts,
    boolean hostNetwork)
    implements Peer {
  /** A container port that has a name, which a policy may use instead of the number. */
  public record NamedPort(String name, PortSet.Protocol protocol, int port) {}

  public PodGroup {
    labels = Map.copyOf(labels);
    namedPorts = List.copyOf(namedPorts);
  }

  @Override
  public String display() {
    return namespace + "/" + owner + "[" + kind + "]";
  }
}
